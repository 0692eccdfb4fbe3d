/* The filters fold away on a phone.
 *
 * On a phone the first screen is for the data: the insights and the headline figures. The controls
 * (regions, industry, what the map shows, the year) sit in a disclosure, "Filters and year", folded
 * there and open on a wider window, where its summary line is hidden (assets/02-dashboard.css). It is
 * set as the disclosure is added to the page, before it is painted, and again when the window crosses
 * the width; a person opening or closing it is otherwise left as they chose. The selection's summary
 * beside it says what is shown either way.
 */
(function () {
    'use strict';
    const FOLD = 'controls-fold'; // ids.CONTROLS_FOLD
    const WIDE = window.matchMedia('(min-width: 768px)'); // Bootstrap's md

    function set(details) { details.open = WIDE.matches; }

    const observer = new MutationObserver(function () {
        const details = document.getElementById(FOLD);
        if (details) { set(details); observer.disconnect(); }
    });
    observer.observe(document.documentElement, {childList: true, subtree: true});
    WIDE.addEventListener('change', function () {
        const details = document.getElementById(FOLD);
        if (details) { set(details); }
    });
})();
