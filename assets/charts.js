/*
 * What is not in view is drawn when it comes into view, and a chart whose box only grew taller is
 * not drawn twice.
 *
 * 1. Elements of class drawn-when-seen name a component in data-component: the charts, the
 *    directory and each chart's table. This script keeps the page's ids.IN_VIEW store up to date
 *    with which of them a person can see: a chart or the directory when it is in the window ('near'
 *    within NEAR pixels of it), a table when its "Show the data as a table" is open. The selection
 *    controller (callbacks/selection.py) reads it with every interaction: it sends a new value only
 *    to what is in the window and names the rest as waiting (ids.WAITING). When something waiting
 *    comes into view, this script asks the controller (ids.VIEWS_ASK) to draw it; once the person
 *    has paused, it asks it to draw what waits near the window, before it is scrolled to. So a click
 *    redraws what can be seen, in one response, and the rest is drawn when it is looked at; a
 *    scroll that brings nothing waiting into view sends nothing.
 * 2. dcc.Graph calls Plotly.Plots.resize whenever the chart's box changes size. With a fixed
 *    height and the same width that is a second full drawing of what was just drawn (a chart whose
 *    new figure is taller changes its own box); it is skipped. A change of width still redraws.
 * 3. See below: a chart out of view is first drawn when the page is idle.
 *
 * The contract with the server is callbacks/seen.py. What this relies on beyond Dash's and plotly's
 * public API, checked against the versions in requirements/ by tests/unit/test_plotly_bundle.py
 * (written against dash 4.4.1 and plotly.js 4.1.1):
 * - dash's html components carry data-dash-is-loading="true" while a callback updates them;
 * - plotly's Plots.resize and react, replaced here, and gd._fullLayout (its width, and whether a
 *   chart has been drawn at all).
 */
(function () {
    'use strict';
    const NEAR = 200; // px beyond the viewport that count as in view
    const IN_VIEW = 'views-in-view'; // ids.IN_VIEW
    const ASK = 'views-ask'; // ids.VIEWS_ASK
    const WAITING = 'views-waiting'; // ids.WAITING
    const onScreen = {}; // component id -> bool: in the window
    const nearScreen = {}; // component id -> bool: within NEAR pixels of it
    let kept = '';
    let asked = 0;

    // What is in view: true in the window (or a table whose <details> is open), 'near' for a chart
    // within NEAR pixels of the window, false otherwise.
    function visible() {
        const seen = {};
        for (const element of document.querySelectorAll('.drawn-when-seen[data-component]')) {
            const id = element.dataset.component;
            const details = element.closest('details');
            seen[id] = details ? details.open : onScreen[id] === true ? true : nearScreen[id] === true ? 'near' : false;
        }
        return seen;
    }

    // ids.IN_VIEW is only read by the controller (a State): keeping it current sends nothing, so a
    // scroll, or a click's answer that moves the page, costs no request unless something that waits
    // to be drawn has come into view.
    // Returns what it read, for waiting(): one look at the page per event.
    function keep() {
        const seen = visible();
        if (!window.dash_clientside || !window.dash_clientside.set_props) { return seen; }
        const text = JSON.stringify(seen);
        if (text !== kept) {
            kept = text;
            window.dash_clientside.set_props(IN_VIEW, {data: seen});
        }
        return seen;
    }

    // The controller names what waits to be drawn (ids.WAITING's classes): where each of it is now.
    function waiting(seen) {
        const holder = document.getElementById(WAITING);
        if (!holder) { return []; }
        return [...holder.classList].filter((name) => name.startsWith('waiting-')).map((name) => seen[name.slice(8)]);
    }

    // Ask the controller (ids.VIEWS_ASK, its input) to draw what waits and is in view, or, `ahead`,
    // what is near too. Dash keeps only the newest call of a callback: an ask sent while the
    // controller answers a click would replace that call with one that never saw the click. So an
    // ask never goes while the controller's own call is in flight (its output ids.WAITING carries
    // data-dash-is-loading, as every html component being updated does); it waits too, up to 3 s,
    // while other callbacks are in flight (their calls an ask cannot replace), so that a click's
    // answer is drawn first. It goes only if something it would draw still waits.
    let waits = 0;
    let pendingAhead = false;
    function controllerBusy() {
        const holder = document.getElementById(WAITING);
        return Boolean(holder && holder.getAttribute('data-dash-is-loading') === 'true');
    }
    function ask(ahead) {
        if (!window.dash_clientside || !window.dash_clientside.set_props) { return; }
        pendingAhead = pendingAhead || Boolean(ahead);
        const othersBusy = document.querySelector('[data-dash-is-loading="true"]') !== null;
        if (controllerBusy() || (othersBusy && waits < 60)) {
            waits += 1;
            clearTimeout(ask.timer);
            ask.timer = setTimeout(() => ask(), waits < 60 ? 50 : 250);
            return;
        }
        waits = 0;
        const drawAheadToo = pendingAhead;
        pendingAhead = false;
        const now = waiting(keep()); // the controller reads what is in view with the ask
        if (now.includes(true) || (drawAheadToo && now.includes('near'))) {
            window.dash_clientside.set_props(ASK, {data: {asked: ++asked, ahead: drawAheadToo}});
        }
    }

    let drawAhead = 0;
    const AHEAD_MS = 2500; // what is near the window is drawn this long after the last press or key

    // Whenever what is in view or what waits changes: if something waiting is in view (the page
    // scrolled, a table was opened, a request was on its way meanwhile), ask: the views always
    // catch up. If some of it is near the window (after a click, or a scroll that brought it
    // near), draw it ahead once the person has paused.
    function changed() {
        const now = waiting(keep());
        clearTimeout(drawAhead);
        if (now.includes(true)) {
            ask(false);
        } else if (now.includes('near')) {
            drawAhead = setTimeout(drawNearWhenPaused, Math.max(AHEAD_MS - (performance.now() - lastPress), 0));
        }
    }

    // Drawn ahead once the person has paused: not while a click is still being answered and drawn,
    // and not in the way of the next one (a press or a key within AHEAD_MS puts it off again): a
    // click that meets a drawing ahead waits for it, 150-250 ms.
    let lastPress = -Infinity;
    for (const type of ['pointerdown', 'keydown']) {
        document.addEventListener(type, () => { lastPress = performance.now(); }, true);
    }
    function drawNearWhenPaused() {
        idle(() => {
            const since = performance.now() - lastPress;
            if (since < AHEAD_MS || document.querySelector('[data-dash-is-loading="true"]')) {
                drawAhead = setTimeout(drawNearWhenPaused, Math.max(AHEAD_MS - since, 100));
                return;
            }
            ask(true);
        });
    }

    function observe(into, margin) {
        return new IntersectionObserver((entries) => {
            for (const entry of entries) {
                into[entry.target.dataset.component] = entry.isIntersecting;
            }
            changed();
        }, {rootMargin: margin + 'px 0px'});
    }
    const observers = [observe(onScreen, 0), observe(nearScreen, NEAR)];

    const watched = new WeakSet();
    const waitingWatch = new MutationObserver(changed);
    function watch() {
        const holder = document.getElementById(WAITING);
        if (holder && !watched.has(holder)) {
            watched.add(holder);
            waitingWatch.observe(holder, {attributes: true, attributeFilter: ['class']});
        }
        for (const element of document.querySelectorAll('.drawn-when-seen[data-component]')) {
            if (!watched.has(element)) {
                watched.add(element);
                observers.forEach((observer) => observer.observe(element));
            }
        }
    }
    new MutationObserver(watch).observe(document.documentElement, {childList: true, subtree: true});
    document.addEventListener('toggle', (event) => {
        if (event.target instanceof HTMLDetailsElement) { changed(); }
    }, true);

    function idle(task) {
        if ('requestIdleCallback' in window) { window.requestIdleCallback(task, {timeout: 3000}); } else { setTimeout(task, 200); }
    }

    function patch(Plotly) {
        if (!Plotly || !Plotly.Plots || Plotly.__dashboardPatched) { return; }
        Plotly.__dashboardPatched = true;

        const resize = Plotly.Plots.resize;
        Plotly.Plots.resize = function (gd) {
            // A matrix laid out for its box is laid out again for the box's new height (full screen).
            const fitted = gd && gd.layout && gd.layout.meta && gd.layout.meta.fitRows;
            if (fitted && gd.__figure && Math.abs(boxHeight(gd) - (gd.__fittedTo || 0)) >= 1) {
                return react.call(Plotly, gd, fitRows(gd, gd.__figure));
            }
            const full = gd && gd._fullLayout;
            const user = gd && gd.layout;
            if (full && user && user.height && !user.width) {
                const width = gd.getBoundingClientRect().width;
                if (width > 0 && Math.abs(width - full.width) < 1) { return Promise.resolve(gd); }
            }
            return resize.apply(this, arguments);
        };

        // 3. A chart's first drawing waits until the page is idle when the chart is out of view, so
        //    the map, on screen, is drawn first. A later drawing of the same chart supersedes it.
        const react = Plotly.react;
        Plotly.react = function (gd) {
            const args = Array.prototype.slice.call(arguments);
            const given = args[1];
            if (given && given.layout && given.layout.meta && given.layout.meta.fitRows && gd instanceof HTMLElement) {
                gd.__figure = given;
                args[1] = fitRows(gd, given);
            }
            gd.__drawings = (gd.__drawings || 0) + 1;
            if (gd._fullLayout || !(gd instanceof HTMLElement)) { return react.apply(this, args); }
            const box = gd.getBoundingClientRect();
            const inView = box.bottom > 0 && box.top < window.innerHeight && box.width > 0;
            if (inView) { return react.apply(this, args); }
            const drawing = gd.__drawings;
            // Keep the chart's height meanwhile, so nothing below it moves when it is drawn.
            const figure = args[1] || {};
            const height = figure.layout && figure.layout.height;
            if (height) { gd.style.minHeight = height + 'px'; }
            const drawn = (value) => { gd.style.minHeight = ''; return value; };
            return new Promise((resolve, reject) => {
                const later = () => {
                    if (gd.__drawings !== drawing || gd._fullLayout) { resolve(gd); return; }
                    // Hidden meanwhile (the Data page is open): wait until it is shown again.
                    if (!gd.isConnected || gd.getBoundingClientRect().width === 0) { setTimeout(() => idle(later), 500); return; }
                    Promise.resolve(react.apply(Plotly, args)).then(drawn).then(resolve, reject);
                };
                idle(later);
            });
        };
    }

    // 4. A slide's gap matrix (layout.meta.fitRows: its number of rows) in a box shorter than its own
    //    height is laid out for the box: the rows share what the industry names above them leave, and
    //    the type shrinks with the rows (cells from 13 px down to 8, names from 12 down to 10), so the
    //    whole matrix is on the slide at 1366 x 768 and on an 800 x 600 projector, unscrolled.
    function boxHeight(gd) {
        const box = gd.parentElement;
        return box ? box.clientHeight : 0;
    }
    function fitRows(gd, figure) {
        const layout = figure.layout || {};
        const height = Math.floor(boxHeight(gd)) - 2;
        const rows = layout.meta.fitRows;
        gd.__fittedTo = boxHeight(gd);
        if (!(height > 0) || !rows || (layout.height && layout.height <= height)) { return figure; }
        const small = height < 450;
        const font = small ? 10 : 12;
        const clamp = (value, low, high) => Math.max(low, Math.min(high, Math.floor(value)));
        // Every margin worked out here (about 0.55 em a character), none left to plotly's automargin,
        // which kept the room the matrix's full-height drawing had needed and left the rows none: the
        // industry names standing at -40° above their columns, the region names at the rows' left.
        const trace = (figure.data || [])[0] || {};
        const names = (trace.x || []).map(String), regions = (trace.y || []).map(String);
        const sin = Math.sin(40 * Math.PI / 180), cos = Math.cos(40 * Math.PI / 180);
        const top = Math.ceil(Math.max(0, ...names.map((n) => n.length)) * font * 0.55 * sin + font * cos + 12);
        const bottom = (layout.margin && layout.margin.b) || 10;
        const row = Math.max((height - top - bottom) / rows, 6);
        const regionFont = clamp(row * 0.95, 8, 14);
        const left = Math.ceil(Math.max(0, ...regions.map((n) => n.length)) * regionFont * 0.58 + 14);
        // A name runs up and to the right of its column: room on the right for the one that reaches furthest.
        const width = gd.getBoundingClientRect().width;
        let right = 10;
        for (let pass = 0; pass < 2; pass++) {
            const plot = Math.max(width - left - right, 1);
            right = Math.max(10, ...names.map((n, i) => Math.ceil(n.length * font * 0.55 * cos - (names.length - i - 0.5) / names.length * plot + 6)));
        }
        const xaxis = Object.assign({}, layout.xaxis, {
            automargin: false, tickfont: Object.assign({}, (layout.xaxis || {}).tickfont, {size: font}),
        });
        const yaxis = Object.assign({}, layout.yaxis, {
            automargin: false, tickmode: 'array', tickvals: regions, ticktext: regions,
            tickfont: Object.assign({}, (layout.yaxis || {}).tickfont, {size: regionFont}),
        });
        const data = (figure.data || []).map((t) => t.type !== 'heatmap' ? t : Object.assign({}, t, {
            textfont: Object.assign({}, t.textfont, {size: clamp(row * 0.75, 8, 13)}),
            ygap: row < 18 ? 1 : t.ygap,
        }));
        return Object.assign({}, figure, {
            data: data,
            layout: Object.assign({}, layout, {height: height, margin: Object.assign({}, layout.margin, {t: top, r: right, l: left}), xaxis: xaxis, yaxis: yaxis}),
        });
    }

    // dcc.Graph loads plotly.js on demand: patch it the moment it arrives.
    if (window.Plotly) {
        patch(window.Plotly);
    } else {
        let plotly;
        Object.defineProperty(window, 'Plotly', {
            configurable: true,
            get: function () { return plotly; },
            set: function (value) { plotly = value; patch(value); },
        });
    }
})();
