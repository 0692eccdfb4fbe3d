'use strict';
// plotly.js with only the trace types the dashboard draws: choropleth and scattergeo (the map),
// bar, scatter and heatmap (the charts; scatter comes with the core). A third of the full
// bundle's size, so a first visit parses 1.4 MB of script before the map instead of 4.8 MB.
// Built by build.sh into assets/; tests/unit/test_plotly_bundle.py checks it still fits.
var Plotly = require('plotly.js/lib/core');

Plotly.register([
    require('plotly.js/lib/choropleth'),
    require('plotly.js/lib/scattergeo'),
    require('plotly.js/lib/bar'),
    require('plotly.js/lib/heatmap'),
]);

module.exports = Plotly;
