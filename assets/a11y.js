/* Accessibility repairs for Dash 4 components, applied as the page renders (docs/accessibility.md).
 *
 * - dcc.Dropdown puts a hidden <input aria-hidden="true" tabindex="0"> before its trigger button
 *   (plotly/dash#3740, for Safari's tab order) and gives the button tabindex="-1". A keyboard stop
 *   hidden from screen readers breaks WCAG 4.1.2 (axe: aria-hidden-focus). Here the button, which
 *   carries the name, the value and aria-haspopup, is the tab stop, and the hidden input is not.
 * - dcc.Slider's thumb (role="slider") has no accessible name (axe: aria-input-field-name): it is
 *   named by the slider's label, and says its value as text.
 * - dcc.Upload's file input has no label (axe: label): it takes the drop zone's instructions.
 * - AG Grid's pager announces its row count on every change; the page already announces the
 *   selection once (the summary line), so the pager is not a live region.
 * - AG Grid moves Tab from cell to cell, so the directory was 170 Tab stops. Here the grid's
 *   headers and cells are one stop: Tab leaves for the next control after them (the pager, then the
 *   page), Shift+Tab for the one before; inside, the arrow keys move as AG Grid intends.
 */
(function () {
  function repair(root) {
    root.querySelectorAll(".dash-dropdown-focus-target").forEach(function (input) {
      if (input.getAttribute("tabindex") !== "-1") { input.setAttribute("tabindex", "-1"); }
      const button = input.nextElementSibling;
      if (button && button.classList.contains("dash-dropdown") && !button.disabled
          && button.getAttribute("tabindex") !== "0") {
        button.setAttribute("tabindex", "0");
      }
    });
    root.querySelectorAll("[role='slider'].dash-slider-thumb").forEach(function (thumb) {
      const slider = thumb.closest("[id]");
      if (!slider) { return; }
      const label = document.getElementById(slider.id + "-label");
      if (label && thumb.getAttribute("aria-labelledby") !== label.id) {
        if (!label.id) { return; }
        thumb.setAttribute("aria-labelledby", label.id);
      }
      const value = thumb.getAttribute("aria-valuenow");
      if (value && thumb.getAttribute("aria-valuetext") !== value) { thumb.setAttribute("aria-valuetext", value); }
    });
    // One announcement per selection change (the selection summary): the grid's pager would add its own.
    root.querySelectorAll("#directory-grid .ag-aria-description-container[aria-live]").forEach(function (region) {
      if (region.getAttribute("aria-live") !== "off") { region.setAttribute("aria-live", "off"); }
    });
    root.querySelectorAll(".upload-zone input[type='file']").forEach(function (input) {
      if (!input.getAttribute("aria-label")) {
        input.setAttribute("aria-label", "Choose data files to upload (CSV or XLSX)");
      }
    });
  }
  const TABBABLE = "a[href], button:not([disabled]), input:not([disabled]):not([type='hidden']), select, " +
    "textarea, summary, [tabindex]:not([tabindex='-1'])";
  function leaveGrid(event) {
    if (event.key !== "Tab" || event.altKey || event.ctrlKey || event.metaKey) { return; }
    const grid = event.target.closest && event.target.closest(".ag-root");
    if (!grid || event.target.closest(".ag-popup, .ag-menu")) { return; }
    const stops = Array.from(document.querySelectorAll(TABBABLE)).filter(function (e) {
      // AG Grid's tab guards send focus back into the grid: they are not stops of their own.
      return e.offsetParent !== null && !grid.contains(e) && !e.closest("[inert]") && !e.classList.contains("ag-tab-guard");
    });
    const after = stops.filter(function (e) { return grid.compareDocumentPosition(e) & Node.DOCUMENT_POSITION_FOLLOWING; });
    const before = stops.filter(function (e) { return grid.compareDocumentPosition(e) & Node.DOCUMENT_POSITION_PRECEDING; });
    const target = event.shiftKey ? before[before.length - 1] : after[0];
    if (!target) { return; }
    event.preventDefault();
    event.stopPropagation();
    target.focus();
  }
  document.addEventListener("keydown", leaveGrid, true);
  let queued = false;
  const observer = new MutationObserver(function () {
    if (queued) { return; }
    queued = true;
    requestAnimationFrame(function () { queued = false; repair(document); });
  });
  function start() {
    repair(document);
    observer.observe(document.body, {
      subtree: true, childList: true, attributes: true, attributeFilter: ["tabindex", "aria-valuenow", "aria-live"],
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
