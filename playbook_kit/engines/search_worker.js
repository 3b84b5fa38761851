/* The search engine of Material's worker, for an index split into fragments.
 * playbook_kit/engines/material_search.py puts this file, after a generated
 * `var PB_SEARCH = {...}` (synonym groups from the glossary), at the top of
 * the built worker and makes the worker's SETUP create a PbSearch instead of
 * Material's lunr index, and wait for its (asynchronous) answer. The fragments
 * are written at build time by playbook_kit/engines/search_fragments.py; a
 * query fetches only the fragments of its own characters and the documents it
 * shows. Material's page code and result list are unchanged: the messages and
 * the result items have Material's shape. Worker code: no DOM; it fetches only
 * files of the site's own search/ folder.
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

/* 三千 → 3000, 两万 → 20000, 5千 → 5000, 2.5万 → 25000; null when it is no number */
function pbParseBig(text) {
  var m = /^(\d+(?:\.\d+)?)([千万])$/.exec(text);
  if (m) return Math.round(parseFloat(m[1]) * (m[2] === "万" ? 10000 : 1000));
  if (!/^[零〇一二两俩三四五六七八九十百千万]+$/.test(text)) return null;
  var parts = text.split("万");
  if (parts.length > 2) return null;
  function small(t) {
    if (!t) return 0;
    var k = t.split("千");
    if (k.length > 2) return null;
    var high = k.length === 2 ? (k[0] ? pbParseNumeral(k[0]) : 1) : 0;
    var low = k.length === 2 ? (k[1] ? pbParseNumeral(k[1]) : 0) : pbParseNumeral(k[0]);
    return high === null || low === null ? null : high * 1000 + low;
  }
  var a = small(parts[0]), b = parts.length === 2 ? small(parts[1]) : null;
  if (a === null) return null;
  return parts.length === 2 ? (b === null ? null : (a || (parts[0] ? 0 : 1)) * 10000 + b) : a;
}

/* 5000 → ["5千", "五千"], 20000 → ["2万", "两万", "二万"]: how staff write a round thousand */
function pbWriteBig(n) {
  var out = [];
  if (n >= 10000 && n % 10000 === 0 && n / 10000 < 100) {
    out.push(n / 10000 + "万");
    pbWriteNumeral(n / 10000).forEach(function (w) { out.push(w + "万"); });
  } else if (n >= 1000 && n % 1000 === 0 && n < 10000) {
    out.push(n / 1000 + "千");
    pbWriteNumeral(n / 1000).forEach(function (w) { out.push(w + "千"); });
  }
  return out;
}

/* words that make a question and say nothing about the topic */
var PB_QUESTION = /(了?怎么办|怎么算|怎么做|怎么样|怎样|怎么|如何|为什么|需要几个|需要多少|要几个|要多少|多少钱|多少|几个|有哪些|哪些|是什么|什么|是不是|吗|呢|？|\?)/g;

function pbHan(c) { return /[\u4e00-\u9fff]/.test(c); }

/* The query the user typed, plus the spellings the index may hold:
 * - Latin letters or digits glued to Han text are split (POS机坏了 → POS 机坏了);
 * - question words are dropped (锁码怎么算 → 锁码) unless nothing else is left;
 * - a number glued to its unit or to Han text is split (30天 → 30 天);
 * - a written-out number is searched as digits (两天内 → 2 天内, 五千 → 5000,
 *   5千到8千 → 5000 8000), digits also as the written-out forms the index has
 *   (1周 → + 一周, 30000 → + 三万);
 * - a glossary word gets its other spellings (冲货 → + 窜货).
 * `has(word)` says whether the index holds a word. */
var PB_TYPED = "";  /* the query as typed, without spaces, lower case */
var PB_COVERS = {};  /* an added spelling → the words of the query it stands for */

function pbRewriteQuery(query, has) {
  if (typeof query !== "string" || !query) return query;
  var asked = query.replace(PB_QUESTION, " ");
  if (asked.replace(/\s+/g, "")) query = asked;
  PB_TYPED = query.replace(/\s+/g, "").toLowerCase();
  PB_COVERS = {};
  var extra = [];
  function alternative(word, covers) { extra.push(word); PB_COVERS[word.toLowerCase()] = covers.toLowerCase(); }
  query = query.replace(/(\d+(?:\.\d+)?[千万]|[零〇一二两俩三四五六七八九十百]*[千万][零〇一二两俩三四五六七八九十百千]*)/g,
    function (all) {
      var n = pbParseBig(all);
      if (n === null || n <= 0) return all;
      if (has(all)) alternative(all, String(n));
      return " " + String(n) + " ";
    });
  query = query.replace(/(\d)\s*[到至~～—-]\s*(?=\d)/g, "$1 ");
  var units = new RegExp("(" + PB_NUMERAL + ")(" + PB_UNITS + ")", "g");
  query = query.replace(units, function (all, numeral, unit) {
    var n = pbParseNumeral(numeral);
    if (n === null || n <= 0) return all;
    if (has(all)) alternative(all, String(n) + unit);
    return String(n) + unit;
  });
  var digits = new RegExp("(\\d+)\\s*(" + PB_UNITS + ")", "g");
  query.replace(digits, function (all, number, unit) {
    pbWriteNumeral(parseInt(number, 10)).forEach(function (written) {
      if (has(written + unit)) alternative(written + unit, all);
    });
    return all;
  });
  query.replace(/\d+/g, function (number) {
    pbWriteBig(parseInt(number, 10)).forEach(function (written) { if (has(written)) alternative(written, number); });
    return number;
  });
  var groups = (typeof PB_SEARCH !== "undefined" && PB_SEARCH.synonyms) || [];
  var compact = query.replace(/\s+/g, "").toLowerCase();
  for (var g = 0; g < groups.length; g++) {
    var group = groups[g], present = false;
    for (var w = 0; w < group.length && !present; w++) {
      if (compact.indexOf(group[w].toLowerCase()) >= 0) present = true;
    }
    if (!present) continue;
    for (w = 0; w < group.length; w++) {
      if (compact.indexOf(group[w].toLowerCase()) < 0 && !/\s/.test(group[w])) alternative(group[w], group.join(" "));
    }
  }
  /* a unit the index holds only in pieces (个月 → 个 月) is searched as its pieces */
  var spaced = query
    .replace(new RegExp("(\\d)\\s*(" + PB_UNITS + ")", "g"), function (all, digit, unit) {
      return digit + " " + (unit.length > 1 && !has(unit) ? unit.split("").join(" ") : unit) + " ";
    })
    .replace(/(\d)(?=[^\d\s.%,:])/g, "$1 ")
    .replace(/([^\d\s.,:+\-*~^])(?=\d)/g, "$1 ")
    .replace(/([A-Za-z])(?=[\u4e00-\u9fff])/g, "$1 ")
    .replace(/([\u4e00-\u9fff])(?=[A-Za-z])/g, "$1 ");
  return (extra.length ? spaced + " " + extra.join(" ") : spaced).replace(/\s+/g, " ").trim();
}

/* A Han run cut into indexed words, as Material's segmentation does (longest
 * words, and a word overlapping the end of the one before), to the last
 * character. A character in no indexed word is left out instead of losing
 * the whole run (乳品经销商 → 经销商), unless it ends the run: it may be the
 * start of a word still being typed (推 → 推广) */
function pbSegment(query, has) {
  var n = query.length, longest = new Uint16Array(n), segments = [], seen = {};
  function add(s) { if (!seen[s]) { seen[s] = true; segments.push(s); } }
  for (var i = 0; i < n; i++)
    for (var j = i + 1; j <= n; j++)
      if (has(query.slice(i, j))) longest[i] = j - i;
  var end = 0;
  for (i = 0; i < n; i++) {
    if (i >= end) {
      if (longest[i]) { add(query.slice(i, i + longest[i])); end = i + longest[i]; }
      else { if (i === n - 1 || n === 1) add(query.charAt(i)); end = i + 1; }  /* a last character may be a word being typed */
    } else if (longest[i] && i + longest[i] > end) {
      add(query.slice(i, i + longest[i]));  /* overlaps the end of the word before */
      end = i + longest[i];
    }
  }
  return segments;
}

function PbSearch(data) {
  var config = (data && data.config) || {};
  this.manifest = config.pb || { shards: [], ranked: {}, chunk: 32 };
  this.separator = new RegExp(config.separator || "[\\s\\-]+");
  try {  /* the fragments' folder, from the worker's own address (none in the offline copy's iframe) */
    this.base = new URL("../../../search/pb/", self.location.href);
  } catch (error) {
    this.base = null;
  }
  var inline = this.manifest.inline || {};
  this.shards = {};     /* key → {word: postings} (a promise while loading) */
  this.chunks = {};     /* number → rows */
  if (inline.shards) for (var k in inline.shards) this.shards[k] = inline.shards[k];
  if (inline.chunks) for (var c = 0; c < inline.chunks.length; c++) this.chunks[c] = inline.chunks[c];
  this.pinyin = inline.pinyin || null;
  this.known = {};
  (this.manifest.shards || []).forEach(function (key) { this.known[key] = true; }, this);
  this.rank = {};
  var ranked = this.manifest.ranked || {};
  for (var name in ranked) ranked[name].forEach(function (page) { this.rank[page] = this.rank[page] || name; }, this);
  this.queue = Promise.resolve();
}

PbSearch.prototype.fetchJSON = function (name, retried) {
  var self = this;
  return fetch(new URL(name, this.base)).then(function (r) {
    if (!r.ok) throw new Error("search fragment " + name + ": " + r.status);
    return r.json();
  }).catch(function (error) {
    if (retried) throw error;
    return self.fetchJSON(name, true);
  });
};

PbSearch.prototype.key = function (word) { return word.charAt(0).toLowerCase().charCodeAt(0).toString(16); };

/* load the fragments holding words that start with any character of `text` */
PbSearch.prototype.load = function (text) {
  var self = this, waits = [];
  text.toLowerCase().replace(/\s+/g, "").split("").forEach(function (ch) {
    var key = ch.charCodeAt(0).toString(16);
    if (self.shards[key] || !self.known[key]) return;
    self.shards[key] = self.fetchJSON("t" + key + ".json").then(function (words) { self.shards[key] = words; },
      function (error) { delete self.shards[key]; throw error; });
  });
  for (var key in this.shards) if (this.shards[key] && typeof this.shards[key].then === "function") waits.push(this.shards[key]);
  return Promise.all(waits);
};

PbSearch.prototype.words = function (word) {
  var shard = this.shards[this.key(word)];
  return shard && typeof shard.then !== "function" ? shard : {};
};

/* whether an indexed word starts with `text` */
PbSearch.prototype.starts = function (text) {
  text = text.toLowerCase();
  return Object.keys(this.words(text)).some(function (word) { return word.lastIndexOf(text, 0) === 0; });
};

PbSearch.prototype.has = function (word) {
  word = word.toLowerCase();
  return Object.prototype.hasOwnProperty.call(this.words(word), word);
};

/* Material's query syntax, simplified: words (Han runs segmented by the
 * index), +word required, -word excluded; every word also matches as a prefix */
PbSearch.prototype.clauses = function (query) {
  var self = this, out = [];
  query.split(/\s+/).forEach(function (part) {
    if (!part) return;
    var presence = part.charAt(0) === "+" ? 1 : part.charAt(0) === "-" ? -1 : 0;
    part = part.replace(/^[+\-]+/, "").replace(/[*~^:]+$/, "").toLowerCase();
    part.split(self.separator).forEach(function (piece) {
      if (!piece) return;
      var runs = piece.match(/[\u4e00-\u9fff]+|[^\u4e00-\u9fff]+/g) || [];
      runs.forEach(function (run) {
        var has = function (w) { return self.has(w); };
        /* a Han run with no indexed word of two or more characters: its characters, all
         * required, when each is indexed (缺少, cut in two at index time); else one
         * unknown word (飞机大炮) */
        var single = pbHan(run.charAt(0)) && run.length > 1 && pbCovered(run, has).indexOf(1) < 0;
        var words = !pbHan(run.charAt(0)) ? [run] : !single ? pbSegment(run, has)
          : run.split("").every(has) ? run.split("") : [run];
        words.forEach(function (w) {
          var alternative = Object.prototype.hasOwnProperty.call(PB_COVERS, part);
          out.push({ term: w, presence: single && words.length > 1 ? Math.max(presence, 1) : presence,
                     alternative: alternative, whole: alternative && runs.length === 1 && words.length === 1 });
        });
      });
    });
  });
  return out;
};

PbSearch.prototype.df = function (term) {
  var postings = this.words(term)[term];
  return postings ? postings[0] : 0;
};

/* every document matching the clauses: doc → {score, page, matched words} */
PbSearch.prototype.match = function (clauses) {
  var self = this, docs = {}, used = {}, required = [], excluded = {};
  clauses.forEach(function (clause, c) {
    var words = self.words(clause.term), hit = {};
    Object.keys(words).forEach(function (word) {
      if (word.lastIndexOf(clause.term, 0) !== 0) return;
      var postings = words[word];
      for (var i = 1; i < postings.length; i += 3) {  /* [documents having it, doc, page, weight, …] */
        var doc = postings[i];
        hit[doc] = true;
        if (clause.presence < 0) { excluded[doc] = true; continue; }
        var entry = docs[doc] || (docs[doc] = { doc: doc, page: postings[i + 1], score: 0, words: {}, clauses: {} });
        if (!used[word + " " + doc]) { used[word + " " + doc] = true; entry.score += postings[i + 2]; }
        entry.words[word] = true;
        entry.clauses[c] = true;
      }
    });
    if (clause.presence > 0) required.push(hit);
  });
  return Object.keys(docs).map(function (d) { return docs[d]; }).filter(function (entry) {
    if (excluded[entry.doc]) return false;
    for (var r = 0; r < required.length; r++) if (!required[r][entry.doc]) return false;
    return true;
  });
};

/* Material's order and grouping, then ours: editors' pages after readers'
 * pages; pages matching more of the query (the rarer a word, the more it
 * counts: the specific word of a compound decides) first; generated pages
 * (learning paths, quizzes) and reference pages after content pages that
 * match as well; Material's score otherwise. */
PbSearch.prototype.rankPages = function (entries, clauses) {
  var self = this, pages = {}, order = [];
  var weight = clauses.map(function (clause) {
    if (clause.presence < 0 || clause.alternative) return 0;
    return Math.log(1 + (self.manifest.docs || 1) / (1 + self.df(clause.term)));
  });
  var stands = clauses.map(function (clause) {  /* clause → the clauses it covers */
    /* a piece of an added spelling (采购 of 前七后八采购期) stands for nothing */
    var covers = clause.alternative ? (clause.whole && PB_COVERS[clause.term]) || "" : null;
    return clauses.map(function (other, o) {
      return covers === null ? o === clauses.indexOf(clause) : (!other.alternative && covers.indexOf(other.term) >= 0);
    });
  });
  var total = weight.reduce(function (a, b) { return a + b; }, 0);
  entries.forEach(function (entry) {
    var matched = 0, count = 0;
    clauses.forEach(function (clause, c) { if (clause.presence >= 0) { count++; if (entry.clauses[c]) matched++; } });
    var boost = (entry.doc === entry.page ? 1 : 0) + (count ? matched / count : 0);
    entry.score *= 1 + boost * boost;
  });
  entries.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
  entries.forEach(function (entry) {
    var group = pages[entry.page];
    if (!group) { group = pages[entry.page] = { page: entry.page, entries: [], covered: {}, i: order.length }; order.push(group); }
    group.entries.push(entry);
    for (var c in entry.clauses) stands[c].forEach(function (yes, o) { if (yes) group.covered[o] = true; });
  });
  var level = { demoted: 2, secondary: 1, generated: 1 };
  order.forEach(function (group) {
    var got = 0;
    for (var c in group.covered) got += weight[c];
    group.coverage = total ? Math.round(100 * got / total) : 0;
    group.level = level[self.rank[group.page]] || 0;
  });
  order.sort(function (a, b) {
    return ((a.level === 2) - (b.level === 2)) || (b.coverage - a.coverage) || (a.level - b.level) || (a.i - b.i);
  });
  return order;
};

PbSearch.prototype.documents = function (numbers) {
  var self = this, size = this.manifest.chunk || 32, need = {};
  numbers.forEach(function (n) { var c = Math.floor(n / size); if (!self.chunks[c]) need[c] = true; });
  return Promise.all(Object.keys(need).map(function (c) {
    return self.fetchJSON("d" + c + ".json").then(function (rows) { self.chunks[c] = rows; });
  })).then(function () {
    var out = {};
    numbers.forEach(function (n) { out[n] = self.chunks[Math.floor(n / size)][n % size]; });
    return out;
  });
};

function pbEscapeRegExp(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }
function pbEscapeHTML(s) {
  return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/* The readable units of an indexed text: each outermost paragraph or list
 * item (a step: 第1步 · 经销商 · 经销商向…), and the text between them */
function pbUnits(value) {
  var units = [], current = "", depth = 0;
  value.split(/(<[^>]+>)/).forEach(function (part) {
    var tag = /^<(\/?)(p|li)\b/i.exec(part);
    if (tag) {
      if (!tag[1] && depth++ === 0 || tag[1] && --depth === 0) { if (current.trim()) units.push(current.trim()); current = ""; }
      if (depth < 0) depth = 0;
    } else if (part.charAt(0) === "<") {
      current += " ";
    } else {
      current += part;
    }
  });
  if (current.trim()) units.push(current.trim());
  return units;
}

/* mark the matched words; a preview keeps the first two units with a match, as sentences */
function pbHighlight(value, words, teaser) {
  if (!value || !words.length) return value;
  /* the words are the index's (plain text), the value is escaped HTML */
  var pattern = new RegExp("(" + words.slice().sort(function (a, b) { return b.length - a.length; })
    .map(function (w) { return pbEscapeRegExp(pbEscapeHTML(w)); }).join("|") + ")", "gi");
  function mark(text) { return text.replace(pattern, "<mark>$1</mark>"); }
  if (!teaser) return value.split(/(<[^>]+>)/).map(function (p) { return p.charAt(0) === "<" ? p : mark(p); }).join("");
  var chosen = pbUnits(value).filter(function (unit) { pattern.lastIndex = 0; return pattern.test(unit); }).slice(0, 2);
  return chosen.length ? chosen.map(function (unit) { return "<p>" + mark(unit) + "</p>"; }).join("") : value;
}

var PB_MAX_PAGES = 50;  /* result pages listed: the list is read from the top */

PbSearch.prototype.run = function (query) {
  var self = this, asked = [];
  return this.load(query).then(function () {
    var rewritten = pbRewriteQuery(query, function (w) { asked.push(w); return self.has(w); });
    return self.load(rewritten + asked.join("")).then(function () {
      rewritten = pbRewriteQuery(query, function (w) { return self.has(w); });
      var clauses = self.clauses(rewritten);
      return { clauses: clauses, groups: self.rankPages(self.match(clauses), clauses), rewritten: rewritten };
    });
  });
};

PbSearch.prototype.items = function (found, hint) {
  var self = this, groups = found.groups.slice(0, PB_MAX_PAGES), numbers = [];
  groups.forEach(function (g) { numbers.push(g.page); g.entries.forEach(function (e) { numbers.push(e.doc); }); });
  return this.documents(numbers).then(function (rows) {
    var items = groups.map(function (group) {
      var list = group.entries.map(function (entry) {
        var row = rows[entry.doc], words = Object.keys(entry.words), terms = {};
        found.clauses.forEach(function (clause, c) { if (clause.presence >= 0) terms[clause.term] = !!entry.clauses[c]; });
        return { location: row[0], title: pbHighlight(row[1], words, false), text: pbHighlight(row[2], words, true),
                 score: entry.score, terms: terms };
      });
      if (!group.entries.some(function (e) { return e.doc === group.page; })) {
        var page = rows[group.page];
        list.push({ location: page[0], title: page[1], text: page[2], score: 0, terms: {} });
      }
      return list;
    });
    if (hint && items.length) {
      var first = items[0][0];
      var said = pbEscapeHTML(hint);  /* the query as typed: text, never markup */
      items.unshift([{ location: first.location, title: "你是不是要找：" + said, text: "<p>下面是「" + said + "」的结果。</p>",
                       score: 0, terms: {} }]);
    }
    return { items: items };
  });
};

/* Material calls search(query) for every key and shows every answer it gets:
 * answers go back in order, and one that comes after a newer query answers
 * the newer query (an answer to a stale query would flash wrong results) */
PbSearch.prototype.search = function (query) {
  var self = this;
  this.latest = query;
  var answer = this.queue.then(function () { return self.cached(self.latest); });
  this.queue = answer.catch(function () {});
  return answer;
};

PbSearch.prototype.cached = function (query) {
  if (this.last && this.last.query === query) return this.last.answer;
  var answer = this.answer(query);
  this.last = { query: query, answer: answer };
  return answer;
};

PbSearch.prototype.answer = function (query) {
  var self = this;
  if (!String(query || "").trim()) return Promise.resolve({ items: [] });
  return this.run(query).then(function (found) {
    if (!(found.groups.length < 3 || self.loose(found.rewritten))) return self.items(found);
    return self.soundsLike(found.rewritten).then(function (better) {
      if (!better) return self.items(found);
      return self.run(better).then(function (other) {
        return other.groups.length ? self.items(other, better) : self.items(found);
      });
    });
  });
};

/* which characters of a Han run are in an indexed word of two or more of its
 * characters (推光: none; 三个月未销售: all but 未) */
function pbCovered(run, has) {
  var covered = new Uint8Array(run.length);
  for (var i = 0; i < run.length; i++)
    for (var j = i + 2; j <= Math.min(run.length, i + 8); j++)
      if (has(run.slice(i, j))) for (var k = i; k < j; k++) covered[k] = 1;
  return covered;
}

/* whether two neighbouring characters of the query are in no indexed word: a likely mistyped word */
PbSearch.prototype.loose = function (query) {
  var self = this, runs = query.match(/[\u4e00-\u9fff]{2,}/g) || [];
  return runs.some(function (run) {
    if (self.starts(run)) return false;  /* a word still being typed (前七 → 前七后八) */
    var covered = pbCovered(run, function (w) { return self.has(w); });
    for (var i = 1; i < run.length; i++) if (!covered[i] && !covered[i - 1]) return true;
    return false;
  });
};

/* A Han word typed with a wrong character of the same sound (推光 for 推广):
 * the indexed word that sounds the same, or null. Loads the pinyin fragment. */
PbSearch.prototype.soundsLike = function (query) {
  var self = this;
  var ready = this.pinyin ? Promise.resolve() : this.fetchJSON("pinyin.json").then(function (p) { self.pinyin = p; });
  return ready.then(function () {
    var sounds = {}, table = self.pinyin.chars || {}, words = self.pinyin.words || {}, changed = false;
    for (var sound in table) for (var i = 0; i < table[sound].length; i++) (sounds[table[sound].charAt(i)] = sounds[table[sound].charAt(i)] || []).push(sound);
    var fixed = query.replace(/[\u4e00-\u9fff]{2,}/g, function (run) {
      return pbRespell(run, sounds, words, function (w) { return self.has(w); }, function () { changed = true; });
    });
    return changed ? fixed : null;
  }).catch(function () { return null; });
};

/* replace, in a Han run, each 2–4 character piece whose characters are in no
 * indexed word but that sounds like exactly one indexed word (longest first) */
function pbRespell(run, sounds, words, has, changed) {
  var out = "", i = 0, covered = pbCovered(run, has);
  while (i < run.length) {
    var done = false;
    for (var len = Math.min(4, run.length - i); len >= 2 && !done; len--) {
      var piece = run.substr(i, len);
      if (Array.prototype.slice.call(covered, i, i + len).indexOf(1) >= 0) continue;  /* only characters in no word */
      var spellings = [""];
      for (var k = 0; k < len; k++) {
        var options = sounds[piece.charAt(k)] || [];
        var next = [];
        spellings.forEach(function (s) { options.forEach(function (o) { if (next.length < 64) next.push(s + o); }); });
        spellings = next;
      }
      var candidates = {};
      spellings.forEach(function (s) { (words[s] || []).forEach(function (w) { if (w !== piece) candidates[w] = true; }); });
      var list = Object.keys(candidates);
      if (list.length === 1) { out += list[0]; i += len; done = true; changed(); }
    }
    if (!done) { out += run.charAt(i); i += 1; }
  }
  return out;
}
