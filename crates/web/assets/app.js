// krapte scenario explorer: reads the controls, keeps their values in the
// URL (so a setting can be shared and a reload restores it), asks
// POST /api/gap (debounced) and redraws the results. No libraries.
(function () {
  'use strict';
  var form = document.getElementById('explorer');
  if (!form) { return; }
  var results = document.getElementById('results');
  var sliders = Array.prototype.slice.call(form.querySelectorAll('input[type=range]'));
  var byId = function (id) { return document.getElementById(id); };
  var timer = null;
  var inflight = null;
  // The page's language (?lang=en gives English; Dutch by default).
  var EN = document.documentElement.lang === 'en';
  var LOCALE = EN ? 'en-GB' : 'nl-NL';
  var T = EN ? {
    na: 'n/a', range: 'range', to: 'to', csv: 'Download the figures behind this chart (CSV, unrounded)',
    gapIn: 'Technician gap in', nation: 'the Netherlands', required: 'Required', available: 'available',
    national: 'national', perYear: 'Gap per year', perYearLabel: 'Technician gap per year, fte, net',
    yearsCaption: 'fte, central (low\u2013high)', year: 'year', req: 'required (net)', clim: 'climate demand (net)',
    avail: 'available (supply)', gap: 'gap (net)', byLevel: 'By education level in', level: 'level',
    byLevelLabel: 'Technician gap by education level', byProvince: 'By province in', byProvinceLabel: 'Technician gap by province',
    technicians: 'Technicians per year', noAnswer: 'The server gave no answer: ', dataset: 'Dataset',
    levers: 'levers and', campaigns: 'campaigns on; server time', closed: 'closed (central)', notClosed: 'not closed (central)',
    met: 'met (central)', notMet: 'not met (central)', digital: '1 million digitally skilled in',
    certainty: { met_throughout: 'met across the whole range', missed_throughout: 'missed across the whole range',
      depends_on_assumptions: 'depends on the assumptions (the range crosses zero)' },
    notes: ['fte = full-time equivalents employed in the year; persons for the digital count.',
      'Required = baseline demand (base-year employment + ROA expansion demand) + the scenario\'s net climate demand; available = supply from the stock-flow model; gap = required - available (positive = shortage).',
      'Range (low\u2013high): every parameter at its low or high end; not a probability interval.']
  } : {
    na: 'n.b.', range: 'bandbreedte', to: 'tot', csv: 'Download de cijfers achter deze grafiek (CSV, onafgerond)',
    gapIn: 'Technicustekort in', nation: 'Nederland', required: 'Benodigd', available: 'beschikbaar',
    national: 'landelijk', perYear: 'Tekort per jaar', perYearLabel: 'Technicustekort per jaar, fte, netto',
    yearsCaption: 'fte, centraal (laag\u2013hoog)', year: 'jaar', req: 'benodigd (netto)', clim: 'klimaatvraag (netto)',
    avail: 'beschikbaar (aanbod)', gap: 'tekort (netto)', byLevel: 'Naar opleidingsniveau in', level: 'niveau',
    byLevelLabel: 'Technicustekort naar opleidingsniveau', byProvince: 'Per provincie in', byProvinceLabel: 'Technicustekort per provincie',
    technicians: 'Technici per jaar', noAnswer: 'De server gaf geen antwoord: ', dataset: 'Dataset',
    levers: 'hefbomen en', campaigns: 'campagnes aan; rekentijd server', notes: null
  };

  function nl(v) {
    if (typeof v !== 'number' || !isFinite(v)) { return T.na; }
    if (Math.abs(v) < 10 && Math.abs(v - Math.round(v)) >= 0.005) {
      return v.toLocaleString(LOCALE, { maximumFractionDigits: 2 });
    }
    return Math.round(v).toLocaleString(LOCALE).replace('-', '\u2212');
  }
  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }
  var BASIS = EN ? { net: 'net', gross: 'gross', supply: 'supply', cost: 'cost' } : { net: 'netto', gross: 'bruto', supply: 'aanbod', cost: 'kosten' };
  var UNIT = EN ? {} : { persons: 'personen' };
  function fig(f) {
    return '<span class="fig">' + nl(f.central) + ' ' + esc(UNIT[f.unit] || f.unit) + '</span> <span class="range">(' + T.range + ' ' +
      nl(f.low) + ' ' + T.to + ' ' + nl(f.high) + '; ' + f.year + '; ' + (BASIS[f.basis] || f.basis) + ')</span>';
  }
  function cell(f) {
    return '<td class="n">' + nl(f.central) + ' <small>(' + nl(f.low) + '\u2013' + nl(f.high) + ')</small></td>';
  }
  function show(s) {
    var out = s.parentNode.querySelector('output');
    if (out) { out.textContent = Number(s.value).toLocaleString(LOCALE); }
  }
  function parsed(opt, key) {
    try { return opt && opt.dataset[key] ? JSON.parse(opt.dataset[key]) : {}; } catch (e) { return {}; }
  }
  // A campaign slider's id: c.{id} (budget) or c.{id}.years.
  function campaignOf(name) {
    var rest = name.slice(2);
    return /\.years$/.test(rest) ? rest.slice(0, -6) : rest;
  }
  function policyDefaults(reset) {
    var opt = byId('policy').selectedOptions[0];
    var scales = parsed(opt, 'levers');
    var campaigns = parsed(opt, 'campaigns');
    sliders.forEach(function (s) {
      var d;
      if (s.name.indexOf('l.') === 0) {
        d = scales[s.name.slice(2)] || 0;
      } else if (s.name.indexOf('c.') === 0) {
        var c = campaigns[campaignOf(s.name)];
        d = /\.years$/.test(s.name) ? (c ? c.years : Number(s.dataset.base)) : (c ? c.budget_meur_per_year : 0);
      } else {
        return;
      }
      s.dataset.default = String(d);
      if (reset) { s.value = d; show(s); }
    });
  }
  function query() {
    var q = new URLSearchParams();
    q.set('scenario', byId('scenario').value);
    q.set('policy', byId('policy').value);
    if (byId('province').value) { q.set('province', byId('province').value); }
    if (EN) { q.set('lang', 'en'); }
    var moved = function (s) { return Number(s.value) !== Number(s.dataset.default); };
    // A campaign's budget and years go together once either moved.
    var campaigns = {};
    sliders.forEach(function (s) {
      if (s.name.indexOf('c.') === 0 && moved(s)) { campaigns[campaignOf(s.name)] = true; }
    });
    sliders.forEach(function (s) {
      var pair = s.name.indexOf('c.') === 0 && campaigns[campaignOf(s.name)];
      if (pair || moved(s)) { q.set(s.name, s.value); }
    });
    return q;
  }
  function requestBody(q) {
    var b = { scenario: q.get('scenario'), overrides: {}, levers: {}, campaigns: {} };
    if (q.get('policy')) { b.policy = q.get('policy'); }
    if (q.get('province')) { b.province = q.get('province'); }
    q.forEach(function (v, k) {
      if (k.indexOf('m.') === 0) { b.overrides[k.slice(2)] = Number(v); }
      if (k.indexOf('l.') === 0) { b.levers[k.slice(2)] = Number(v); }
      if (k.indexOf('c.') === 0) {
        var id = campaignOf(k);
        var c = b.campaigns[id] || (b.campaigns[id] = {});
        if (/\.years$/.test(k)) { c.years = Number(v); } else { c.budget_meur_per_year = Number(v); }
      }
    });
    return b;
  }
  function bars(rows, label) {
    var w = 560, rowH = 26, left = 150, h = rowH * rows.length + 30;
    var lo = 0, hi = 0;
    rows.forEach(function (r) { lo = Math.min(lo, r[1].low, r[1].central); hi = Math.max(hi, r[1].high, r[1].central); });
    var span = hi - lo > 0 ? hi - lo : 1;
    var x = function (v) { return left + (v - lo) / span * (w - left - 20); };
    var s = '<svg class="bars" viewBox="0 0 ' + w + ' ' + h + '" role="img" aria-label="' + esc(label) + '" xmlns="http://www.w3.org/2000/svg">';
    s += '<line x1="' + x(0) + '" y1="0" x2="' + x(0) + '" y2="' + (h - 20) + '" class="axis"/>';
    rows.forEach(function (r, k) {
      var f = r[1], y = k * rowH + 4, a = x(Math.min(0, f.central)), b = x(Math.max(0, f.central));
      var mid = y + (rowH - 8) / 2;
      s += '<text x="' + (left - 6) + '" y="' + (y + 14) + '" class="lab" text-anchor="end">' + esc(r[0]) + '</text>';
      s += '<rect x="' + a + '" y="' + y + '" width="' + Math.max(b - a, 0.5) + '" height="' + (rowH - 8) + '" class="' + (f.central > 0 ? 'short' : 'surplus') + '"><title>' +
        esc(r[0]) + ': ' + nl(f.central) + ' ' + esc(f.unit) + ' (' + nl(f.low) + '\u2013' + nl(f.high) + ')</title></rect>';
      s += '<line x1="' + x(f.low) + '" y1="' + mid + '" x2="' + x(f.high) + '" y2="' + mid + '" class="whisker"/>';
    });
    s += '<text x="' + left + '" y="' + (h - 6) + '" class="lab">' + nl(lo) + '</text><text x="' + (w - 20) + '" y="' + (h - 6) + '" class="lab" text-anchor="end">' + nl(hi) + '</text></svg>';
    return s;
  }
  function csv(q, chart) {
    var c = new URLSearchParams(q);
    c.set('chart', chart);
    c.delete('lang');
    return '<p class="csv"><a href="/api/gap.csv?' + esc(c.toString()) + '" download>' + T.csv + '</a></p>';
  }
  function techLabel(v) {
    if (!EN) { return v.label_nl; }
    return 'Technician gap in ' + v.year + ' ' + (v.met ? T.closed : T.notClosed) + ': ' + (T.certainty[v.certainty] || v.certainty);
  }
  function digitalLabel(d, year) {
    if (!EN) { return d.label_nl; }
    return T.digital + ' ' + year + ' (' + d.definition + '): ' + (d.met ? T.met : T.notMet) + '; ' + (T.certainty[d.certainty] || d.certainty);
  }
  function render(g, q) {
    var area = g.province ? g.province.name : T.nation;
    var goal = g.years.filter(function (y) { return y.year === g.goal_year; })[0];
    var v = g.technician_verdict;
    var h = '<section class="summary"><h2>' + T.gapIn + ' ' + g.goal_year + ' \u2014 ' + esc(area) + '</h2>';
    if (goal) {
      h += '<p class="big" id="gap-figure" data-central="' + goal.gap.central + '">' + fig(goal.gap) + '</p>';
      h += '<p>' + T.required + ' ' + fig(goal.required) + '; ' + T.available + ' ' + fig(goal.available) + '.</p>';
    }
    h += '<p class="verdict ' + (v.met ? 'on' : 'off') + '">' + esc(techLabel(v)) + ' (' + T.national + ': ' + fig(v.gap) + ')</p><ul>';
    g.digital_verdicts.forEach(function (d) {
      h += '<li><span class="verdict ' + (d.met ? 'on' : 'off') + '">' + esc(digitalLabel(d, g.goal_year)) + '</span>: ' + fig(d.count) + '</li>';
    });
    h += '</ul></section>';
    h += '<h2>' + T.perYear + ' (' + esc(area) + ')</h2>' + bars(g.years.map(function (y) { return [String(y.year), y.gap]; }), T.perYearLabel);
    h += '<table><caption>' + T.technicians + ' (' + esc(area) + '): ' + T.yearsCaption + '</caption><thead><tr><th>' + T.year + '</th><th>' + T.req + '</th><th>' + T.clim + '</th><th>' + T.avail + '</th><th>' + T.gap + '</th></tr></thead><tbody>';
    g.years.forEach(function (y) { h += '<tr><td>' + y.year + '</td>' + cell(y.required) + cell(y.climate) + cell(y.available) + cell(y.gap) + '</tr>'; });
    h += '</tbody></table>' + csv(q, 'years');
    h += '<h2>' + T.byLevel + ' ' + g.goal_year + ' (' + esc(area) + ')</h2>' + bars(g.by_level.map(function (l) { return [l.level, l.gap]; }), T.byLevelLabel);
    h += '<table><caption>fte in ' + g.goal_year + ', ' + T.yearsCaption.replace(/^fte, /, '') + '</caption><thead><tr><th>' + T.level + '</th><th>' + T.req + '</th><th>' + T.avail + '</th><th>' + T.gap + '</th></tr></thead><tbody>';
    g.by_level.forEach(function (l) { h += '<tr><td>' + esc(l.level) + '</td>' + cell(l.required) + cell(l.available) + cell(l.gap) + '</tr>'; });
    h += '</tbody></table>' + csv(q, 'levels');
    h += '<h2>' + T.byProvince + ' ' + g.goal_year + '</h2>' + bars(g.by_province.map(function (p) { return [p.name, p.gap]; }), T.byProvinceLabel);
    h += csv(q, 'provinces');
    (T.notes || g.notes).forEach(function (n) { h += '<p class="note">' + esc(n) + '</p>'; });
    h += '<p class="note">' + T.dataset + ' ' + esc(g.dataset_edition) + '; scenario ' + esc(g.scenario_name) + '; ' + g.levers_on + ' ' + T.levers + ' ' + g.campaigns_on + ' ' + T.campaigns + ' ' + nl(g.compute_ms) + ' ms.</p>';
    results.innerHTML = h;
    results.classList.remove('busy');
  }
  function fail(msg) {
    results.classList.remove('busy');
    results.innerHTML = '<p class="verdict off" id="error">' + esc(msg) + '</p>';
  }
  function recompute() {
    var q = query();
    history.replaceState(null, '', '/verkenner?' + q.toString());
    byId('share').href = location.href;
    if (inflight) { inflight.abort(); }
    inflight = new AbortController();
    results.classList.add('busy');
    fetch('/api/gap', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(requestBody(q)),
      signal: inflight.signal
    }).then(function (r) {
      return r.json().then(function (j) { return { ok: r.ok, j: j }; });
    }).then(function (x) {
      if (x.ok) { render(x.j, q); } else { fail((x.j.field ? x.j.field + ': ' : '') + x.j.error); }
    }).catch(function (e) {
      if (e.name !== 'AbortError') { fail(T.noAnswer + e.message); }
    });
  }
  function later() {
    clearTimeout(timer);
    timer = setTimeout(recompute, 150);
  }

  // Restore from the URL.
  var params = new URLSearchParams(location.search);
  if (params.has('policy')) { byId('policy').value = params.get('policy'); }
  if (params.has('province')) { byId('province').value = params.get('province'); }
  policyDefaults(false);
  sliders.forEach(function (s) {
    if (params.has(s.name)) { s.value = params.get(s.name); }
    show(s);
    s.addEventListener('input', function () { show(s); later(); });
  });
  byId('province').addEventListener('change', recompute);
  byId('policy').addEventListener('change', function () { policyDefaults(true); recompute(); });
  byId('scenario').addEventListener('change', function () {
    var q = new URLSearchParams();
    q.set('scenario', byId('scenario').value);
    q.set('policy', byId('policy').value);
    if (byId('province').value) { q.set('province', byId('province').value); }
    if (EN) { q.set('lang', 'en'); }
    location.href = '/verkenner?' + q.toString();
  });
  byId('reset').addEventListener('click', function () {
    sliders.forEach(function (s) { s.value = s.dataset.default; show(s); });
    recompute();
  });
  recompute();
}());
