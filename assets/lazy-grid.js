/* The directory's grid loads when it is first needed, not before the map.
 *
 * dash-ag-grid is 1.3 MB of script, and the grid's own code a further 0.9 MB chunk: more than half of
 * what the page would parse before its first callback could leave, for a table far below the fold.
 * The index page names its script instead of loading it (app.py, `deferred`: script[data-lazy-src]),
 * and this stands in for it as `window.dash_ag_grid` until it has loaded:
 * - the directory's box says it is loading (its height held, so nothing below it moves twice);
 * - the grid's script is fetched when the box comes within two screens of the window, or once the page
 *   is idle after its first drawing, whichever is first: a person scrolling down finds it ready;
 * - once loaded, the real grid takes the box with every property Dash has given it meanwhile (its rows
 *   among them: they are drawn when seen, callbacks/seen.py), and Dash's own lookups find it from then on.
 * If the script cannot be loaded, the box says so in words.
 */
(function () {
    'use strict';
    const named = document.querySelector('script[data-lazy-src]');
    if (!named || window.dash_ag_grid || !window.React) { return; }
    const React = window.React;
    const h = React.createElement;
    const waiting = new Set();
    let loading = null;
    let failed = false;

    function realGrid() {
        const namespace = window.dash_ag_grid;
        return namespace && namespace !== standIn ? namespace.AgGrid : null;
    }

    function load() {
        if (!loading) {
            loading = new Promise(function (resolve, reject) {
                const script = document.createElement('script');
                script.src = named.dataset.lazySrc;
                script.onload = resolve;
                script.onerror = reject;
                document.head.appendChild(script);
            }).catch(function () { failed = true; }).then(function () { waiting.forEach(function (tell) { tell(); }); });
        }
        return loading;
    }

    function LazyAgGrid(props) {
        const [Grid, setGrid] = React.useState(realGrid);
        const [broken, setBroken] = React.useState(failed);
        const box = React.useRef(null);
        React.useEffect(function () {
            if (Grid) { return undefined; }
            const tell = function () {
                const grid = realGrid();
                if (grid) { setGrid(function () { return grid; }); } else { setBroken(failed); }
            };
            waiting.add(tell);
            const near = new IntersectionObserver(function (entries) {
                if (entries.some(function (entry) { return entry.isIntersecting; })) { load(); }
            }, {rootMargin: '200% 0px'});
            if (box.current) { near.observe(box.current); }
            return function () { waiting.delete(tell); near.disconnect(); };
        }, [Grid]);
        if (Grid) { return h(Grid, props); }
        return h('div', {
            id: props.id, ref: box, className: 'lazy-grid', style: props.style, 'aria-busy': broken ? 'false' : 'true',
        }, h('p', {className: 'text-body-secondary'}, broken
            ? 'The directory could not be loaded: reload the page to try again.'
            : 'Loading the directory…'));
    }

    const standIn = {AgGrid: LazyAgGrid};
    window.dash_ag_grid = standIn;

    // Fetched anyway once the page has drawn and is quiet, so it is usually there before it is scrolled to.
    function whenIdle() {
        const idle = window.requestIdleCallback || function (run) { return setTimeout(run, 2000); };
        idle(function () { load(); }, {timeout: 5000});
    }
    // The page's scripts run after its first paint (app.SCRIPT_LOADER): the page may have loaded by then.
    if (document.readyState === 'complete') { whenIdle(); } else { window.addEventListener('load', whenIdle); }
})();
