/* Presentation mode by keyboard: the keys press the slide bar's own buttons, so a keyboard user
   and a mouse user take the same path. Active only while presenting. */
(function () {
  const keys = {
    ArrowRight: "present-next", PageDown: "present-next", " ": "present-next",
    ArrowLeft: "present-previous", PageUp: "present-previous", Backspace: "present-previous",
    Home: "present-first", End: "present-last",
    Escape: "present-exit",
  };
  function press(id) {
    const button = document.getElementById(id);
    if (button) { button.click(); }
  }
  // Tab stays in the dialog (WCAG 2.4.3): from the last control to the first and back, and from
  // the slide's title (which takes focus so a screen reader reads it) to the first control.
  const FOCUSABLE = "button:not([disabled]), a[href], input:not([disabled]), [tabindex='0']";
  function trapTab(event) {
    const dialog = document.getElementById("presentation");
    if (!dialog) { return; }
    const controls = Array.from(dialog.querySelectorAll(FOCUSABLE)).filter(function (e) { return e.offsetParent !== null; });
    if (!controls.length) { return; }
    event.preventDefault();
    const at = controls.indexOf(document.activeElement);
    const next = at < 0 ? (event.shiftKey ? controls.length - 1 : 0)
      : (at + (event.shiftKey ? -1 : 1) + controls.length) % controls.length;
    controls[next].focus();
  }
  document.addEventListener("keydown", function (event) {
    if (!document.body.classList.contains("presenting")) { return; }
    if (event.key === "Tab") { trapTab(event); return; }
    if (event.altKey || event.ctrlKey || event.metaKey) { return; }
    const target = event.target;
    // Space and Backspace keep their meaning on buttons and in fields.
    if ((event.key === " " || event.key === "Backspace") && target && target.closest("button, input, textarea, select")) { return; }
    const id = keys[event.key];
    if (!id) { return; }
    event.preventDefault();
    press(id);
  });
  // The slide's text column shrinks its type to fit, as presentation software does on overflow: a long
  // region name or a fourth insight on a small projector (800×600) is read whole rather than cut off.
  // Steps of 5 % down to 80 % of the size the window gives (never below about 11 px); back to full size
  // whenever the slide's words or the window change.
  const FIT_FLOOR = 0.8;
  let fitting = false;
  function fitSide() {
    const side = document.querySelector("#presentation .present-side");
    if (!side || fitting || !document.body.classList.contains("presenting")) { return; }
    fitting = true;
    let scale = 1;
    side.style.setProperty("--present-fit", "1");
    while (side.scrollHeight > side.clientHeight + 1 && scale > FIT_FLOOR + 0.001) {
      scale = Math.round((scale - 0.05) * 100) / 100;
      side.style.setProperty("--present-fit", String(scale));
    }
    fitting = false;
  }
  function watchSide() {
    const side = document.querySelector("#presentation .present-side");
    if (!side) { return false; }
    new ResizeObserver(function () { requestAnimationFrame(fitSide); }).observe(side);
    new MutationObserver(function () { requestAnimationFrame(fitSide); })
      .observe(side, {childList: true, subtree: true, characterData: true});
    return true;
  }
  if (!watchSide()) {
    const waiting = new MutationObserver(function () { if (watchSide()) { waiting.disconnect(); } });
    waiting.observe(document.documentElement, {childList: true, subtree: true});
  }
  // Esc while full screen leaves full screen first (the browser takes that key): leave the slides too.
  document.addEventListener("fullscreenchange", function () {
    if (!document.fullscreenElement && document.body.classList.contains("presenting")) { press("present-exit"); }
  });
})();
