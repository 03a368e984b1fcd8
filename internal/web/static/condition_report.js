// Shows the print button of the condition status report. Without
// JavaScript the button stays hidden and the browser's own print command
// prints the same page (the print stylesheet drops the navigation).
document.querySelectorAll('[data-print]').forEach(function (b) {
  b.hidden = false;
  b.addEventListener('click', function () { window.print(); });
});
