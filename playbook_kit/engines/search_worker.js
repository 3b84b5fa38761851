/* Query rewriting and result order for Material's search worker.
 * playbook_kit/search_fix.py inserts this file, after a generated
 * `var PB_SEARCH = {...}` (synonym groups from the glossary, demoted pages),
 * at the top of the built worker and calls it from two patched places:
 * search(query) starts with pbRewriteQuery(query, invertedIndex), and the
 * result list goes through pbOrder(groups). Worker code: no DOM, no network.
 */
var PB_DIGITS = { "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "俩": 2, "三": 3, "四": 4, "五": 5,
  "六": 6, "七": 7, "八": 8, "九": 9 };
var PB_NUMERAL = "[零〇一二两俩三四五六七八九十百]+";
var PB_UNITS = "(?:个月|个工作日|工作日|小时|分钟|星期|季度|万元|天|日|周|月|年|次|元|人|名|家|倍|米|箱|件|个|层|张|SKU)";

/* 两 → 2, 十五 → 15, 六十 → 60, 一百二十 → 120; null when it is no number */
function pbParseNumeral(text) {
  if (!/^[零〇一二两俩三四五六七八九十百]+$/.test(text)) return null;
  var total = 0, current = 0, seen = false;
  for (var i = 0; i < text.length; i++) {
    var c = text.charAt(i);
    if (c === "百") { total += (seen ? current : 1) * 100; current = 0; seen = false; }
    else if (c === "十") { total += (seen ? current : 1) * 10; current = 0; seen = false; }
    else { current = current * 10 + PB_DIGITS[c]; seen = true; }
  }
  return total + current;
}

/* 2 → ["二", "两"], 15 → ["十五"], 60 → ["六十"]; up to 199 */
function pbWriteNumeral(n) {
  var names = "零一二三四五六七八九";
  if (n < 0 || n > 199 || n !== Math.floor(n)) return [];
  if (n < 10) return n === 2 ? ["二", "两"] : [names.charAt(n)];
  var out = "";
  if (n >= 100) { out += "一百"; n -= 100; if (n > 0 && n < 10) out += "零"; }
  if (n >= 10) { out += (n >= 20 || out ? names.charAt(Math.floor(n / 10)) : "") + "十"; n %= 10; }
  if (n > 0) out += names.charAt(n);
  return [out];
}

function pbIndexed(word, index) {
  return Object.prototype.hasOwnProperty.call(index, word.toLowerCase());
}

/* The query the user typed, plus the spellings the index may hold:
 * - a number glued to its unit or to Han text is split (30天 → 30 天);
 * - a written-out number is searched as digits (两天内 → 2 天内), digits also
 *   as the written-out form when the index has it (1周 → + 一周);
 * - a glossary word gets its other spellings (冲货 → + 窜货).
 * Lunr ORs the terms; pbOrder puts pages having every part first. */
var PB_TYPED = "";  /* the query as typed, without spaces, lower case (for pbOrder) */

function pbRewriteQuery(query, index) {
  if (typeof query !== "string" || !query) return query;
  PB_TYPED = query.replace(/\s+/g, "").toLowerCase();
  var extra = [];
  var units = new RegExp("(" + PB_NUMERAL + ")(" + PB_UNITS + ")", "g");
  query = query.replace(units, function (all, numeral, unit) {
    var n = pbParseNumeral(numeral);
    if (n === null || n <= 0) return all;
    if (pbIndexed(all, index)) extra.push(all);  /* the index has the written-out form too */
    return String(n) + unit;
  });
  var digits = new RegExp("(\\d+)\\s*(" + PB_UNITS + ")", "g");
  query.replace(digits, function (all, number, unit) {
    pbWriteNumeral(parseInt(number, 10)).forEach(function (written) {
      if (pbIndexed(written + unit, index)) extra.push(written + unit);
    });
    return all;
  });
  var groups = (typeof PB_SEARCH !== "undefined" && PB_SEARCH.synonyms) || [];
  var compact = query.replace(/\s+/g, "");
  for (var g = 0; g < groups.length; g++) {
    var group = groups[g], present = false;
    for (var w = 0; w < group.length && !present; w++) {
      if (compact.toLowerCase().indexOf(group[w].toLowerCase()) >= 0) present = true;
    }
    if (!present) continue;
    for (w = 0; w < group.length; w++) {
      if (compact.toLowerCase().indexOf(group[w].toLowerCase()) < 0 && !/\s/.test(group[w])) extra.push(group[w]);
    }
  }
  /* a unit the index holds only in pieces (个月 → 个 月) is searched as its pieces */
  var spaced = query
    .replace(new RegExp("(\\d)\\s*(" + PB_UNITS + ")", "g"), function (all, digit, unit) {
      return digit + " " + (unit.length > 1 && !pbIndexed(unit, index) ? unit.split("").join(" ") : unit) + " ";
    })
    .replace(/(\d)(?=[^\d\s.%,:])/g, "$1 ")
    .replace(/([^\d\s.,:+\-*~^])(?=\d)/g, "$1 ");
  return extra.length ? spaced + " " + extra.join(" ") : spaced;
}

/* Readers' pages first: a page for editors (PB_SEARCH.demoted) never ranks
 * above a content page; among the rest, pages matching more of the query's
 * words come first; with equal coverage the reference pages that repeat the
 * content (PB_SEARCH.secondary: glossary, role list) follow the content
 * pages; Material's score order otherwise (stable sort). */
function pbOrder(groups) {
  var demoted = (typeof PB_SEARCH !== "undefined" && PB_SEARCH.demoted) || [];
  var secondary = (typeof PB_SEARCH !== "undefined" && PB_SEARCH.secondary) || [];
  function page(group) {
    var location = String((group[0] && group[0].location) || "");
    return location.split("#")[0];
  }
  function coverage(group) {
    var all = {}, hit = {};
    group.forEach(function (item) {
      var terms = item.terms || {};
      Object.keys(terms).forEach(function (t) {
        /* only words the user typed count: an added synonym or spelling is an alternative, not a further word */
        if (PB_TYPED && PB_TYPED.indexOf(t.toLowerCase()) < 0) return;
        all[t] = true; if (terms[t]) hit[t] = true;
      });
    });
    var n = Object.keys(all).length;
    return n ? Object.keys(hit).length / n : 0;
  }
  var keyed = groups.map(function (group, i) {
    return { group: group, i: i, demoted: demoted.indexOf(page(group)) >= 0 ? 1 : 0, coverage: coverage(group),
             secondary: secondary.indexOf(page(group)) >= 0 ? 1 : 0 };
  });
  keyed.sort(function (a, b) {
    return (a.demoted - b.demoted) || (b.coverage - a.coverage) || (a.secondary - b.secondary) || (a.i - b.i);
  });
  return keyed.map(function (k) { return k.group; });
}
