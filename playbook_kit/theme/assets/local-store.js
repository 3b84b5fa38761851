/* The site's one use of browser storage (learning progress, quiz scores,
   checklist runs): JSON per key in localStorage, never sent anywhere. With
   storage turned off (private mode, file:// in some browsers) nothing is kept
   and the pages still work. */
window.PBStore = {
  load: function (key, fallback) {
    try {
      var value = JSON.parse(window.localStorage.getItem(key) || "null");
      return value === null ? fallback : value;
    } catch (e) { return fallback; }
  },
  save: function (key, value) {
    try { window.localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* storage off */ }
  }
};
