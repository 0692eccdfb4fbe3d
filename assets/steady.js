/*
 * The first screen keeps its height while a person clicks through it.
 *
 * On a wide window the map sits beside the insights and the headline cards, and the row they share
 * is as tall as the taller side. Statewide, the cards' notes compare the data with each published
 * figure; for a region there is no published figure, so they are shorter. Without this, selecting
 * a region would shorten the row and pull everything below it up the page (about 70 px at
 * 1400 × 1000), so a person looking at the map would see the charts under it jump, and a chart
 * still showing the last selection would slide into view.
 *
 * Elements of class steady-row (layouts/components.STEADY) never get shorter while the window keeps
 * its width: each time one shrinks, its min-height holds it at the tallest it has been. A
 * ResizeObserver runs after layout and before paint, so the shorter row is never drawn. A taller
 * answer still makes the row grow (what is below moves down, out of the window, never into it).
 * A change of width, or a narrow window, where the row's columns stack, lets it find its own
 * height again; so does a person opening or closing a part of the row (the map's "Show the data as
 * a table"): what they opened they expect to close again, not to leave its space behind.
 */
(function () {
    'use strict';
    const STEADY = 'steady-row'; // layouts/components.STEADY
    const WIDE = window.matchMedia('(min-width: 992px)'); // Bootstrap's lg: the columns side by side
    const tallest = new WeakMap(); // row -> px
    let width = window.innerWidth;

    // The row finds its own height again, and that height is what it is held at from now on. It is
    // measured here rather than left to the observer: a ResizeObserver reports a size only when it
    // differs from the last one it reported, so after a hold it never saw (a table closed, the hold
    // set, then released before the next frame) it would not report the row again, and the next
    // click's shorter row would go unheld.
    function release(row) {
        row.style.minHeight = '';
        if (WIDE.matches) {
            tallest.set(row, row.getBoundingClientRect().height);
        } else {
            tallest.delete(row);
        }
    }

    const observer = new ResizeObserver(function (entries) {
        for (const entry of entries) {
            const row = entry.target;
            if (!WIDE.matches) { release(row); continue; }
            const height = row.getBoundingClientRect().height;
            const most = tallest.get(row) || 0;
            if (height > most) {
                tallest.set(row, height);
            } else if (height < most) {
                row.style.minHeight = most + 'px';
            }
        }
    });

    function watch() {
        for (const row of document.getElementsByClassName(STEADY)) {
            if (!row.dataset.steady) {
                row.dataset.steady = 'watched';
                observer.observe(row);
            }
        }
    }

    window.addEventListener('resize', function () {
        if (window.innerWidth === width) { return; } // a phone's toolbar showing or hiding: same width
        width = window.innerWidth;
        for (const row of document.getElementsByClassName(STEADY)) { release(row); }
    });
    // <details> toggles do not bubble: listen in the capture phase.
    document.addEventListener('toggle', function (event) {
        const row = event.target instanceof Element ? event.target.closest('.' + STEADY) : null;
        if (row) { release(row); }
    }, true);
    // The page is drawn by Dash after this script runs, and again after each data version's layout.
    new MutationObserver(watch).observe(document.documentElement, {childList: true, subtree: true});
    watch();
})();
