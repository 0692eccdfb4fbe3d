// Cell renderers of the directory grid (dash-ag-grid reads window.dashAgGridComponentFunctions).
// A partnership's name links to its page (/partnerships/<id>); the cell's value, its search and the CSV
// download stay the plain name.
var dagcomponentfuncs = (window.dashAgGridComponentFunctions = window.dashAgGridComponentFunctions || {});

dagcomponentfuncs.PartnershipLink = function (props) {
  const id = props.data && props.data.partnership_id;
  if (!id) {
    return props.value;
  }
  return React.createElement('a', { href: '/partnerships/' + encodeURIComponent(id) }, props.value);
};
