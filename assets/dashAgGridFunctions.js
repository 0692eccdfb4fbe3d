/* Functions the directory grid calls by name (dash-ag-grid looks them up here). */
var dagfuncs = (window.dashAgGridFunctions = window.dashAgGridFunctions || {});

/* CSV export: a text cell that would start a spreadsheet formula (= + - @, tab, CR) gets a
   leading apostrophe, so opening the file in Excel cannot run it. Numbers stay numbers. */
dagfuncs.escapeFormula = function (params) {
  var value = params.value;
  if (typeof value !== "string") { return value; }
  return /^[=+\-@\t\r]/.test(value) ? "'" + value : value;
};
