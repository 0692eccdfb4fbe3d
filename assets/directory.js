/* The directory's count, written in the browser: the grid knows what its search and column filters
 * leave visible. It says the statuses of the rows shown, so "10 of 10" beside a card of 9 active
 * partnerships says why: "10 of 10 partnerships in the selection shown: 9 active and 1 inactive."
 * Used by a clientside callback (callbacks/drawing.py); a browser test checks it against an oracle.
 */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
    directory: {
        count: function (visible, rows) {
            const all = rows || [];
            const shown = visible || all;
            const total = all.length;
            const head = `${shown.length} of ${total} partnership${total === 1 ? '' : 's'} in the selection shown`;
            if (!shown.length) { return head + '.'; }
            const counts = {};
            shown.forEach((row) => { counts[row.status] = (counts[row.status] || 0) + 1; });
            const order = ['active', 'emerging', 'inactive'];
            const statuses = Object.keys(counts).sort((a, b) => {
                const i = order.indexOf(a), j = order.indexOf(b);
                return (i < 0 ? order.length : i) - (j < 0 ? order.length : j) || (a < b ? -1 : a > b ? 1 : 0);
            });
            if (statuses.length === 1) {
                const status = statuses[0];
                if (shown.length === 1) { return `${head}: ${status}.`; }
                return `${head}, ${shown.length === 2 ? 'both' : 'all'} ${status}.`;
            }
            const parts = statuses.map((status) => `${counts[status]} ${status}`);
            return `${head}: ${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}.`;
        },
    },
});
