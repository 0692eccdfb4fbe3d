/* After a click on the map, its hover label gives way.
 *
 * A region's hover label lists its counties and partnerships; after a click selects the region, the
 * pointer still rests on it, so plotly would keep the label over the map just when the person wants
 * to see what the click changed. The label is hidden on the click (class hover-quiet on the graph,
 * assets/02-dashboard.css) and stays hidden while the pointer stays on that region; moving onto
 * another region, or off the map, shows labels again as before. Only the label is hidden: plotly
 * keeps what is under the pointer, so a second click on the same spot still clears the selection.
 * Wired on the first pointer over the map (plotly.js has drawn it by then).
 */
(function () {
    'use strict';
    const MAP = 'coverage-region-map'; // ids.REGION_MAP
    const QUIET = 'hover-quiet';

    function wire(gd) {
        gd.__hoverGivesWay = true;
        let clicked = null;
        function speak() { clicked = null; gd.classList.remove(QUIET); }
        gd.on('plotly_click', (event) => {
            const point = event && event.points && event.points[0];
            clicked = point ? point.location : null;
            gd.classList.add(QUIET);
        });
        gd.on('plotly_hover', (event) => {
            const point = event && event.points && event.points[0];
            if (clicked !== null && point && point.location !== clicked) { speak(); }
        });
        gd.on('plotly_unhover', speak);
    }

    document.addEventListener('pointerover', (event) => {
        const target = event.target;
        const gd = target && target.closest ? target.closest('#' + MAP + ' .js-plotly-plot') : null;
        if (gd && typeof gd.on === 'function' && !gd.__hoverGivesWay) { wire(gd); }
    }, true);
})();
