"use strict";
(function () {
  // Every value from a server reaches the page as a text node (el() below): never as markup.
  var D = JSON.parse(document.getElementById("data").textContent);
  var S = D.strings;
  var VERSIONS = ["SSLv2", "SSLv3", "TLSv1.0", "TLSv1.1", "TLSv1.2", "TLSv1.3"];
  var SEV = ["info", "low", "medium", "high", "critical"];
  var REFS = {};
  D.codes.forEach(function (c) { REFS[c[0]] = c[1]; });
  function str(i) { return i === undefined || i < 0 ? "" : S[i]; }

  function el(tag, attrs) {
    var e = document.createElement(tag);
    if (attrs) {
      for (var k in attrs) {
        if (k === "class") { e.className = attrs[k]; } else if (attrs[k] !== null && attrs[k] !== undefined) { e.setAttribute(k, attrs[k]); }
      }
    }
    for (var i = 2; i < arguments.length; i++) { add(e, arguments[i]); }
    return e;
  }
  function add(e, c) {
    if (c === null || c === undefined || c === false) { return; }
    if (Array.isArray(c)) { c.forEach(function (x) { add(e, x); }); return; }
    e.appendChild(typeof c === "object" ? c : document.createTextNode(String(c)));
  }

  // ---- the model of each endpoint, for the table ----
  var E = D.endpoints.map(function (e, i) {
    var accepted = e.v.filter(function (v) { return v[1] === 1; }).map(function (v) { return VERSIONS[v[0]]; });
    var worst = e.f.length ? e.f.reduce(function (a, f) { return f[1] > a[1] ? f : a; }, e.f[0]) : null;
    var codes = e.f.map(function (f) { return S[f[0]]; }).join(" ");
    return {
      i: i, e: e, target: str(e.t), ip: str(e.i), sni: str(e.n), status: str(e.s), accepted: accepted,
      versionsText: accepted.map(function (v) { return v.replace("TLSv", "").replace("SSLv", "SSL "); }).join(" "),
      worst: e.w, worstCode: worst ? S[worst[0]] : "", days: e.d === undefined ? null : e.d,
      chain: str(e.cv), policy: str(e.pv), change: e.ds === undefined ? "" : str(e.ds) + (e.dw ? ", worse" : ""),
      changed: e.ds !== undefined && str(e.ds) !== "unchanged",
      search: (str(e.t) + " " + str(e.i) + " " + str(e.n) + " " + codes + " " + str(e.s)).toLowerCase()
    };
  });

  var tbody = document.querySelector("#table tbody");
  var rows = E.map(function (m) {
    var statusClass = m.status === "ok" ? "" : m.status === "incomplete" ? "st-warn" : "st-bad";
    var tr = el("tr", {id: "ep-" + m.i},
      el("td", null, el("button", {type: "button", "class": "target", "data-i": m.i,
        "aria-label": "Details of " + m.target}, m.target),
        m.ip && m.ip !== m.target ? el("div", {"class": "small"}, m.ip + (m.sni ? "  SNI " + m.sni : "")) : null),
      el("td", {"class": statusClass}, m.status),
      el("td", null, m.versionsText),
      el("td", null, m.worst < 0 ? "none" : [el("span", {"class": "sev sev-" + m.worst}, SEV[m.worst]), " ", m.worstCode]),
      el("td", {"class": "num"}, m.days === null ? "" : String(m.days)),
      el("td", {"class": m.chain === "trusted" || m.chain === "" ? "" : "st-bad"}, m.chain),
      el("td", {"class": m.policy.indexOf("not") === 0 ? "st-bad" : ""}, m.policy),
      D.changes ? el("td", {"class": m.e.dw ? "worse" : ""}, m.change) : null);
    return tr;
  });
  var frag = document.createDocumentFragment();
  rows.forEach(function (r) { frag.appendChild(r); });
  tbody.appendChild(frag);

  // ---- filter and sort ----
  var q = document.getElementById("q");
  var fStatus = document.getElementById("f-status");
  var fSeverity = document.getElementById("f-severity");
  var fVersion = document.getElementById("f-version");
  var fChanged = document.getElementById("f-changed");
  var count = document.getElementById("count");
  function applyFilter() {
    var text = q.value.trim().toLowerCase();
    var st = fStatus.value;
    var sev = fSeverity.value === "" ? -1 : SEV.indexOf(fSeverity.value);
    var ver = fVersion.value;
    var onlyChanged = fChanged && fChanged.checked;
    var shown = 0;
    E.forEach(function (m) {
      var ok = (!text || m.search.indexOf(text) >= 0) && (!st || m.status === st)
        && (sev < 0 || m.worst >= sev) && (!ver || m.accepted.indexOf(ver) >= 0) && (!onlyChanged || m.changed);
      rows[m.i].hidden = !ok;
      if (ok) { shown++; }
    });
    count.textContent = "Showing " + shown + " of " + E.length + " endpoints";
  }
  [q, fStatus, fSeverity, fVersion, fChanged].forEach(function (c) {
    if (c) { c.addEventListener(c === q ? "input" : "change", applyFilter); }
  });
  document.getElementById("f-clear").addEventListener("click", function () {
    q.value = ""; fStatus.value = ""; fSeverity.value = ""; fVersion.value = "";
    if (fChanged) { fChanged.checked = false; }
    applyFilter();
  });

  var KEYS = {
    target: function (m) { return m.target.toLowerCase(); },
    status: function (m) { return m.status; },
    versions: function (m) { return m.accepted.length ? VERSIONS.indexOf(m.accepted[0]) : 99; },
    worst: function (m) { return m.worst; },
    expiry: function (m) { return m.days === null ? Infinity : m.days; },
    chain: function (m) { return m.chain; },
    policy: function (m) { return m.policy; },
    change: function (m) { return (m.e.dw ? "0" : "1") + m.change; }
  };
  var sortKey = null;
  var sortDir = 1;
  function sortBy(key, dir) {
    var f = KEYS[key];
    var order = E.slice().sort(function (a, b) {
      var x = f(a), y = f(b);
      var c = x < y ? -1 : x > y ? 1 : a.i - b.i;
      return c * dir;
    });
    var frag2 = document.createDocumentFragment();
    order.forEach(function (m) { frag2.appendChild(rows[m.i]); });
    tbody.appendChild(frag2);
    document.querySelectorAll("#table thead th").forEach(function (th) {
      var b = th.querySelector("button");
      th.setAttribute("aria-sort", b && b.getAttribute("data-sort") === key ? (dir > 0 ? "ascending" : "descending") : "none");
    });
  }
  document.querySelectorAll("#table thead button[data-sort]").forEach(function (b) {
    b.addEventListener("click", function () {
      var key = b.getAttribute("data-sort");
      sortDir = key === sortKey ? -sortDir : (key === "worst" ? -1 : 1);
      sortKey = key;
      sortBy(key, sortDir);
    });
  });

  // The overview's bars set a filter.
  document.querySelectorAll("a.filter-link").forEach(function (a) {
    a.addEventListener("click", function (ev) {
      ev.preventDefault();
      var f = a.getAttribute("data-filter"), v = a.getAttribute("data-value");
      if (f === "status") { fStatus.value = v; }
      if (f === "severity") { fSeverity.value = v; }
      if (f === "version") { fVersion.value = v; }
      if (f === "code") { q.value = v.toLowerCase(); }
      applyFilter();
      document.getElementById("endpoints").scrollIntoView();
      q.focus();
    });
  });

  // ---- the detail of one endpoint ----
  var detail = document.getElementById("detail");
  var opener = null;
  function cert(ix) { return D.certs[ix]; }
  function certBox(c, tags) {
    var flags = c[10];
    return el("div", {"class": "cert"},
      el("div", {"class": "name"}, S[c[0]], tags.map(function (t) { return el("span", {"class": "tag"}, t); })),
      el("div", null, "issuer ", S[c[1]]),
      el("div", null, "valid ", c[4].slice(0, 10), " to ", c[5].slice(0, 10), " (",
        c[6] < 0 ? el("span", {"class": "st-bad"}, "expired " + (-c[6]) + " days ago")
          : el("span", {"class": c[6] <= 30 ? "st-warn" : ""}, c[6] + " days left"), ")"),
      el("div", null, "key ", S[c[7]], ", ", S[c[8]], (flags & 2) ? ", CA" : "", (flags & 1) ? ", self-issued" : ""),
      S[c[9]] ? el("div", null, "names ", S[c[9]]) : null,
      el("div", {"class": "mono"}, "serial ", c[2]),
      el("div", {"class": "mono"}, "SHA-256 ", c[3]));
  }
  function chainSection(e, ch, n) {
    var f = ch.f;
    var verdict = (f & 1) ? ((f & 2) ? "trusted, complete" : "trusted only with " + ((f & 4) ? "AIA" : "the given intermediates"))
      : "not trusted";
    var servedIx = ch.sv;
    var out = el("section", {"aria-label": "Certificate chain " + (n + 1)},
      el("h3", null, (ch.k !== undefined ? S[ch.k] + " certificate" : "Certificate") +
        (ch.v !== undefined ? ", served at " + S[ch.v] : "") + (ch.o ? ", OCSP response stapled" : "")),
      el("p", null, "Chain: ", el("strong", {"class": (f & 1) ? "" : "st-bad"}, verdict),
        (f & 8) ? "; valid for the name" : [", ", el("strong", {"class": "st-bad"}, "not valid for the name")],
        "; OpenSSL: ", S[ch.os]));
    out.appendChild(el("h4", null, "As served (" + servedIx.length + ")"));
    out.appendChild(el("ol", {start: 0}, servedIx.map(function (ix, k) {
      return el("li", null, certBox(cert(ix), ["#" + k]));
    })));
    // The path as a tree: the anchor at the top, each certificate under its issuer, the leaf last.
    out.appendChild(el("h4", null, "Path to a trust anchor (" + ch.pa.length + ")"));
    var root = el("ul", {"class": "tree", role: "tree", "aria-label": "Certification path"});
    var parent = root;
    for (var k = ch.pa.length - 1; k >= 0; k--) {
      var ix = ch.pa[k];
      var tags = [];
      var at = servedIx.indexOf(ix);
      tags.push(at >= 0 ? "served #" + at : (k === ch.pa.length - 1 && (f & 1) ? "trust anchor" : "added (not served)"));
      if (k === 0) { tags.push("leaf"); }
      var li = el("li", {role: "treeitem", "aria-expanded": k > 0 ? "true" : null, "aria-level": String(ch.pa.length - k)},
        certBox(cert(ix), tags));
      parent.appendChild(li);
      if (k > 0) {
        var ul = el("ul", {role: "group"});
        li.appendChild(ul);
        parent = ul;
      }
    }
    out.appendChild(root);
    return out;
  }
  function show(i, focus) {
    var m = E[i];
    var e = m.e;
    rows.forEach(function (r) { r.classList.remove("selected"); });
    rows[i].classList.add("selected");
    while (detail.firstChild) { detail.removeChild(detail.firstChild); }
    var close = el("button", {type: "button", "class": "close"}, "Close");
    close.addEventListener("click", hide);
    detail.appendChild(el("header", null, el("h2", {id: "detail-h"}, m.target), close));
    detail.setAttribute("aria-labelledby", "detail-h");
    detail.appendChild(el("p", null, (m.ip ? m.ip + " port " + e.p : "port " + e.p) + ", " + (m.sni ? "SNI " + m.sni : "no SNI") +
      ", status ", el("strong", {"class": m.status === "ok" ? "" : "st-bad"}, m.status),
      ", scanned " + str(e.a) + " in " + (e.ms / 1000).toFixed(2) + " s with " + e.hs + " hellos" +
      (e.l ? ", inventory line " + e.l : "")));
    if (e.e >= 0) { detail.appendChild(el("p", {"class": "warn"}, str(e.e))); }
    if (e.pr !== undefined) { detail.appendChild(el("p", {"class": "small"}, "Made by " + str(e.pr))); }
    if (e.dc && e.dc.length) {
      detail.appendChild(el("h3", null, "Changes since the baseline"));
      detail.appendChild(el("ul", null, e.dc.map(function (c) {
        return el("li", {"class": c[1] >= 0 ? "worse" : ""}, S[c[0]] + (c[1] >= 0 ? " — worse: " + S[c[1]] : ""));
      })));
    }
    if (e.v.length) {
      detail.appendChild(el("h3", null, "Protocol versions and cipher suites"));
      var groups = {};
      var vt = el("table", null, el("caption", {"class": "visually-hidden"}, "Versions and suites"),
        el("thead", null, el("tr", null, ["Version", "Result", "Order", "Suites (in the server's order when it has one)"].map(function (h) {
          return el("th", {scope: "col"}, h);
        }))));
      var vb = el("tbody");
      e.v.forEach(function (v) {
        var pairs = D.lists[v[3]];
        var suites = el("ol", {"class": "suites"});
        for (var k = 0; k < pairs.length; k += 2) {
          var s = D.suites[pairs[k]];
          var kx = pairs[k + 1] >= 0 ? S[pairs[k + 1]] : "";
          if (kx) { groups[kx.split(" ")[0]] = true; }
          suites.appendChild(el("li", {"class": "weak-" + s[3]}, el("code", null, s[0]),
            s[1] && s[1] !== s[0] ? " (" + s[1] + ")" : "", ", " + s[2] + " bits", kx ? ", " + kx : "",
            s[3] === 2 ? " — broken" : s[3] === 1 ? " — weak" : ""));
        }
        var result = v[1] === 1 ? "accepted" : v[1] === 0 ? "not accepted" : "unknown (incomplete)";
        vb.appendChild(el("tr", null, el("th", {scope: "row"}, VERSIONS[v[0]]),
          el("td", {"class": v[1] === 1 && v[0] < 4 ? "st-bad" : v[1] === 2 ? "st-warn" : ""}, result,
            v[5] >= 0 ? el("div", {"class": "small"}, S[v[5]]) : null),
          el("td", null, v[2] === 1 ? "server order" : v[2] === 0 ? "client order" : "",
            v[4] >= 0 ? el("div", {"class": "small"}, S[v[4]]) : null),
          el("td", null, pairs.length ? suites : "")));
      });
      vt.appendChild(vb);
      detail.appendChild(vt);
      var gs = Object.keys(groups);
      detail.appendChild(el("p", null, "Key-exchange groups chosen: " + (gs.length ? gs.join(", ") : "none seen")));
    }
    if (e.c.length) {
      e.c.forEach(function (ch, n) { detail.appendChild(chainSection(e, ch, n)); });
    } else if (e.cn !== undefined) {
      detail.appendChild(el("p", null, "Certificates: " + str(e.cn)));
    }
    detail.appendChild(el("h3", null, "Findings (" + e.f.length + ")"));
    if (e.f.length) {
      var ft = el("table", null, el("caption", {"class": "visually-hidden"}, "Findings"),
        el("thead", null, el("tr", null, ["Severity", "Code", "What was seen", "Fix"].map(function (h) {
          return el("th", {scope: "col"}, h);
        }))));
      var fb = el("tbody");
      e.f.forEach(function (f) {
        var code = S[f[0]];
        fb.appendChild(el("tr", null, el("td", null, el("span", {"class": "sev sev-" + f[1]}, SEV[f[1]])),
          el("td", null, el("code", null, code), REFS[code] ? el("div", {"class": "small"}, REFS[code]) : null),
          el("td", null, str(f[2]), f[4] >= 0 && S[f[4]] ? el("div", {"class": "small mono"}, "concerns: " + S[f[4]]) : null),
          el("td", null, str(f[3]))));
      });
      ft.appendChild(fb);
      detail.appendChild(ft);
    } else {
      detail.appendChild(el("p", null, "None."));
    }
    if (e.po) {
      detail.appendChild(el("h3", null, "Policies"));
      detail.appendChild(el("ul", null, e.po.map(function (p) {
        return el("li", null, S[p[0]] + ": ", el("strong", {"class": p[1] ? "" : "st-bad"}, p[1] ? "compliant" : "not compliant"),
          S[p[2]] ? el("pre", {"class": "small"}, S[p[2]]) : null);
      })));
      if (e.pm !== undefined) { detail.appendChild(el("p", null, "Load-balancer policies: " + str(e.pm))); }
    }
    if (e.cl) {
      detail.appendChild(el("h3", null, "Clients"));
      var ct = el("table", null, el("thead", null, el("tr", null, ["Client", "Result", "Version", "Suite", "Key exchange or reason"].map(function (h) {
        return el("th", {scope: "col"}, h);
      }))));
      var cb = el("tbody");
      e.cl.forEach(function (c) {
        cb.appendChild(el("tr", null, el("th", {scope: "row"}, S[c[0]]),
          el("td", {"class": c[1] ? "" : "st-bad"}, c[1] ? "connects" : "fails"), el("td", null, str(c[2])),
          el("td", null, str(c[3])), el("td", null, str(c[4]))));
      });
      ct.appendChild(cb);
      detail.appendChild(ct);
    }
    detail.hidden = false;
    if (focus) { detail.focus(); }
    if (location.hash !== "#ep-" + i) { history.replaceState(null, "", "#ep-" + i); }
  }
  function hide() {
    detail.hidden = true;
    rows.forEach(function (r) { r.classList.remove("selected"); });
    history.replaceState(null, "", "#endpoints");
    if (opener) { opener.focus(); }
  }
  tbody.addEventListener("click", function (ev) {
    var b = ev.target.closest("button.target");
    if (b) {
      opener = b;
      show(Number(b.getAttribute("data-i")), true);
    }
  });
  detail.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape") { hide(); }
  });
  applyFilter();
  var m = /^#ep-(\d+)$/.exec(location.hash);
  if (m && E[Number(m[1])]) { show(Number(m[1]), true); }
  document.documentElement.setAttribute("data-ready-ms", String(Math.round(performance.now())));
  document.documentElement.setAttribute("data-ready", "true");
})();
