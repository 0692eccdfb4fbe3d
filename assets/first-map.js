/* The server's first screen gives way to the page, without a jump and without a second flash.
 *
 * The index page carries the header and the first screen written by the server (#first-screen,
 * callbacks/first_screen.py), its map an SVG whose regions are links (?regions=3): a person sees the
 * map, and can select a region on it, before this page's scripts have run. This script runs before Dash
 * draws anything. When Dash has drawn the page (its map's box is there), in the same task, before the
 * browser paints:
 * - the server's copy is taken away, and its map is put over the plotly map's box, where it was;
 * - once plotly has drawn the same view there (the colours the server's map shows, the regions it
 *   outlines), the server's map is taken away in its turn.
 * Until then a region of the server's map still selects it: with the page's scripts ready, as a link
 * inside the page (Dash's own history event, no page load); before, as a page load.
 * If plotly never draws (an error, a script blocked), the server's map stays: it still works. If plotly
 * draws but not that view (the person moved on meanwhile, or 5 s passed), plotly's map is shown.
 */
(function () {
    'use strict';
    const SCREEN = 'first-screen'; // ids.FIRST_SCREEN
    const MAP = 'coverage-region-map'; // ids.REGION_MAP
    const BOX = '[data-component="' + MAP + '"]'; // the map's box in the page Dash draws
    const screen = document.getElementById(SCREEN);
    if (!screen) { return; }
    const holder = screen.querySelector('.first-map-holder');
    const entry = document.getElementById('react-entry-point');
    if (!holder || !entry) { return; }
    const shown = JSON.parse(holder.dataset.shown || '{}');

    // A click on a region once Dash listens: the link's address, as dcc.Link would go there.
    holder.addEventListener('click', function (event) {
        const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
        if (!link || !window.dash_clientside || !holder.classList.contains('over')) { return; }
        event.preventDefault();
        window.history.pushState({}, '', link.getAttribute('href'));
        window.dispatchEvent(new CustomEvent('_dashprivate_pushstate'));
    });

    function same(a, b) { return JSON.stringify(a) === JSON.stringify(b); }

    // Plotly has drawn the view the server drew: every region, the same values, the same outlines.
    function drawn(gd) {
        if (!gd || !gd._fullData || !gd.querySelectorAll('.choroplethlocation').length) { return false; }
        const trace = gd.data && gd.data[0];
        if (!trace || !same((trace.z || []).map(Number), shown.z || [])) { return false; }
        const widths = trace.marker && trace.marker.line && trace.marker.line.width;
        const outlined = Array.isArray(widths)
            ? trace.locations.filter((_, i) => widths[i] > 1).map(Number) : [];
        return same(outlined, shown.selected || []);
    }

    // The person has moved on (a control, a key) while plotly drew: what the server drew is no longer the view.
    let movedOn = false;
    for (const kind of ['pointerdown', 'keydown']) {
        document.addEventListener(kind, function (event) {
            if (!(event.target instanceof Node) || !holder.contains(event.target)) { movedOn = true; }
        }, true);
    }

    function giveWay(box) {
        let frames = 0;
        let plotted = 0;
        function check() {
            const gd = box.querySelector('.js-plotly-plot');
            const plotlyDrew = Boolean(gd && gd._fullData && gd.querySelector('.choroplethlocation'));
            plotted = plotlyDrew && !plotted ? performance.now() : plotted;
            // Plotly drew the server's view; or it drew and the view moved on, or never came (5 s): its map.
            if (drawn(gd) || (plotlyDrew && (movedOn || performance.now() - plotted > 5000))) {
                // One more frame: what plotly drew is painted before its cover goes.
                requestAnimationFrame(function () { holder.remove(); });
                return;
            }
            if (!document.body.contains(holder)) { return; }
            frames += 1;
            // Every frame for the first seconds, then now and then: a map that never draws keeps the cover.
            if (frames < 600) { requestAnimationFrame(check); } else { setTimeout(check, 1000); }
        }
        check();
    }

    const observer = new MutationObserver(function () {
        const box = entry.querySelector(BOX);
        if (!box) { return; }
        observer.disconnect();
        holder.classList.add('over');
        box.prepend(holder);
        screen.remove();
        giveWay(box);
    });
    observer.observe(entry, {childList: true, subtree: true});
})();
