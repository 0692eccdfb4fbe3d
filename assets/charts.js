/*
 * What is not in view is drawn when it comes into view, and a chart whose box only grew taller is
 * not drawn twice.
 *
 * 1. Elements of class drawn-when-seen name a component in data-component: the charts, the
 *    directory and each chart's table. This script keeps the page's ids.IN_VIEW store up to date
 *    with which of them a person can see: a chart or the directory when it is on screen (or within
 *    NEAR pixels of it, so it is drawn just before it is seen), a table when its "Show the data as
 *    a table" is open. ids.IN_VIEW is an input of the selection controller (callbacks/selection.py):
 *    it sends a new value only to what is in view and notes the rest as waiting; when a component
 *    comes into view, the store changes and the controller draws what waited for it. So a click
 *    redraws what can be seen, in one response, and the rest is drawn when it is looked at.
 * 2. dcc.Graph calls Plotly.Plots.resize whenever the chart's box changes size. With a fixed
 *    height and the same width that is a second full drawing of what was just drawn (a chart whose
 *    new figure is taller changes its own box); it is skipped. A change of width still redraws.
 * 3. See below: a chart out of view is first drawn when the page is idle.
 */
(function () {
    'use strict';
    const NEAR = 200; // px beyond the viewport that count as in view
    const IN_VIEW = 'views-in-view'; // ids.IN_VIEW
    const WAITING = 'views-waiting'; // ids.WAITING
    const onScreen = {}; // component id -> bool: in the window
    const nearScreen = {}; // component id -> bool: within NEAR pixels of it
    let sent = '';
    let asked = 0;

    // What is in view: true in the window (or a table whose <details> is open), false otherwise;
    // `withNear` adds 'near' for a chart within NEAR pixels of the window. Only the report that
    // draws ahead (below) says 'near': any other report is a change of what can be seen or nothing.
    function visible(withNear) {
        const seen = {};
        for (const element of document.querySelectorAll('.drawn-when-seen[data-component]')) {
            const id = element.dataset.component;
            const details = element.closest('details');
            seen[id] = details ? details.open : onScreen[id] === true ? true : withNear && nearScreen[id] === true ? 'near' : false;
        }
        return seen;
    }

    // Dash keeps only the newest call of a callback: a report sent while the controller answers a
    // click would replace that call with one that never saw the click. So a report waits until no
    // callback is in flight (outputs being updated carry data-dash-is-loading), up to 3 s.
    let waits = 0;
    let pending = null; // what the next report asks: {again, ahead}
    function report(ask) {
        if (!window.dash_clientside || !window.dash_clientside.set_props) { return; }
        pending = {
            again: Boolean(pending && pending.again) || Boolean(ask && ask.again),
            ahead: Boolean(pending && pending.ahead) || Boolean(ask && ask.ahead),
        };
        if (document.querySelector('[data-dash-is-loading="true"]') && waits < 60) {
            waits += 1;
            clearTimeout(report.timer);
            report.timer = setTimeout(() => report(), 50);
            return;
        }
        waits = 0;
        const {again, ahead} = pending;
        pending = null;
        const seen = visible(false);
        const text = JSON.stringify(seen);
        if (text === sent && !again && !ahead) { return; }
        sent = text;
        // `asked` makes a repeated report a change, so the controller runs again; `ahead` (with
        // 'near' for what is just outside the window) asks it to draw that too.
        const data = ahead ? Object.assign({ahead: ++asked}, visible(true)) : again ? Object.assign({asked: ++asked}, seen) : seen;
        window.dash_clientside.set_props(IN_VIEW, {data: data});
    }

    let drawAhead = 0;
    const AHEAD_MS = 2500; // what is near the window is drawn this long after the last press or key

    // The controller names what waits to be drawn (ids.WAITING's classes). If any of it is in view
    // (the page scrolled while a request was on its way), ask again: the views always catch up. If
    // some of it is near the window (after a click, or a scroll that brought it near), draw it ahead
    // once the person has paused.
    function waiting() {
        const holder = document.getElementById(WAITING);
        if (!holder) { return []; }
        const seen = visible(true);
        return [...holder.classList].filter((name) => name.startsWith('waiting-')).map((name) => seen[name.slice(8)]);
    }
    function waitingInView() {
        const now = waiting();
        if (now.includes(true)) {
            clearTimeout(drawAhead);
            report({again: true});
        } else {
            aheadWhenNear(now);
        }
    }
    function aheadWhenNear(now) {
        clearTimeout(drawAhead);
        if (now.includes('near')) {
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
            report({ahead: true});
        });
    }

    function observe(into, margin) {
        return new IntersectionObserver((entries) => {
            for (const entry of entries) {
                into[entry.target.dataset.component] = entry.isIntersecting;
            }
            report();
            aheadWhenNear(waiting());
        }, {rootMargin: margin + 'px 0px'});
    }
    const observers = [observe(onScreen, 0), observe(nearScreen, NEAR)];

    const watched = new WeakSet();
    const waitingWatch = new MutationObserver(waitingInView);
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
        if (event.target instanceof HTMLDetailsElement) { report(); }
    }, true);

    function idle(task) {
        if ('requestIdleCallback' in window) { window.requestIdleCallback(task, {timeout: 3000}); } else { setTimeout(task, 200); }
    }

    function patch(Plotly) {
        if (!Plotly || !Plotly.Plots || Plotly.__dashboardPatched) { return; }
        Plotly.__dashboardPatched = true;

        const resize = Plotly.Plots.resize;
        Plotly.Plots.resize = function (gd) {
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
            const args = arguments;
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
