/* A partnership's page (callbacks/pages.py). When its body is drawn, the window's title names the
 * partnership and focus moves to its heading, so that a screen reader says where a link led; back on
 * the dashboard, the window has its own title again.
 */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
    pages: {
        shown: function (_body, pathname) {
            const TITLE = 'partnership-page-title'; // ids.PARTNERSHIP_TITLE
            if (window.dashboardTitle === undefined) { window.dashboardTitle = document.title; }
            const onPage = (pathname || '').indexOf('/partnerships/') !== -1;
            // After the renderer has put the new body in the page.
            setTimeout(() => {
                const heading = document.getElementById(TITLE);
                if (onPage && heading) {
                    document.title = `${heading.textContent} · ${window.dashboardTitle}`;
                    heading.focus();
                } else {
                    document.title = window.dashboardTitle;
                }
            }, 0);
            return window.dash_clientside.no_update;
        },
    },
});
