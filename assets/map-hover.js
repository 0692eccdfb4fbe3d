/* After a click on the map, its hover label gives way.
 *
 * A region's hover label lists its counties and partnerships; after a click selects the region, the
 * pointer still rests on it, so plotly would keep the label over the map just when the person wants
 * to see what the click changed. The label is taken away on the click and stays away while the
 * pointer stays on that region; moving onto another region (or off the map and back) shows labels
 * again as before. Wired on the first pointer over the map (plotly.js has drawn it by then).
 */
(function () {
    'use strict';
    const MAP = 'coverage-region-map'; // ids.REGION_MAP

    function wire(gd) {
        gd.__hoverGivesWay = true;
        let clicked = null;
        let ours = false; // an unhover we asked for, not the pointer leaving
        function hide() {
            ours = true;
            try { window.Plotly.Fx.unhover(gd); } finally { ours = false; }
        }
        gd.on('plotly_click', (event) => {
            const point = event && event.points && event.points[0];
            clicked = point ? point.location : null;
            hide();
        });
        gd.on('plotly_hover', (event) => {
            const point = event && event.points && event.points[0];
            if (clicked !== null && point && point.location === clicked) { hide(); }
        });
        gd.on('plotly_unhover', () => { if (!ours) { clicked = null; } });
    }

    document.addEventListener('pointerover', (event) => {
        const target = event.target;
        const gd = target && target.closest ? target.closest('#' + MAP + ' .js-plotly-plot') : null;
        if (gd && typeof gd.on === 'function' && !gd.__hoverGivesWay && window.Plotly && window.Plotly.Fx) { wire(gd); }
    }, true);
})();
