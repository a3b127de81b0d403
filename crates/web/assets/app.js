// krapte scenario explorer: reads the controls, keeps their values in the
// URL (so a setting can be shared and a reload restores it), asks
// POST /api/gap (debounced) and redraws the results. No libraries.
(function () {
  'use strict';
  var EN0 = document.documentElement.lang === 'en';
  // Every page: with script, the navigation folds behind a menu button on
  // a phone (style.css), and the map shows an area's details on click, tap
  // and keyboard focus.
  document.documentElement.classList.add('js');
  var toggle = document.querySelector('.menu-toggle');
  var menu = document.getElementById('menu');
  if (toggle && menu) {
    toggle.hidden = false;
    toggle.addEventListener('click', function () {
      var open = toggle.getAttribute('aria-expanded') !== 'true';
      toggle.setAttribute('aria-expanded', open ? 'true' : 'false');
      menu.classList.toggle('open', open);
    });
  }
  var detail = document.getElementById('map-detail');
  if (detail) {
    var areas = Array.prototype.slice.call(document.querySelectorAll('svg.map a.area'));
    var choose = function (a) {
      areas.forEach(function (x) { x.classList.toggle('chosen', x === a); });
      detail.textContent = '';
      var b = document.createElement('strong');
      b.textContent = a.getAttribute('data-name');
      detail.appendChild(b);
      detail.appendChild(document.createTextNode(': ' + a.getAttribute('data-detail') + ' '));
      var link = document.createElement('a');
      var page = a.getAttribute('data-href');
      link.href = page || '#' + a.getAttribute('data-code');
      link.textContent = page ? (EN0 ? 'to the region\'s page' : 'naar de pagina van de regio')
        : (EN0 ? 'to the table row' : 'naar de tabelrij');
      detail.appendChild(link);
    };
    areas.forEach(function (a) {
      a.addEventListener('focus', function () { choose(a); });
      a.addEventListener('click', function (e) { e.preventDefault(); choose(a); });
    });
  }
  var form = document.getElementById('explorer');
  if (!form) { return; }
  var summary = document.getElementById('summary');
  var results = document.getElementById('results');
  var sliders = Array.prototype.slice.call(form.querySelectorAll('input[type=range]'));
  var byId = function (id) { return document.getElementById(id); };
  var timer = null;
  var inflight = null;
  // The page's language (?lang=en gives English; Dutch by default).
  var EN = document.documentElement.lang === 'en';
  var LOCALE = EN ? 'en-GB' : 'nl-NL';
  var T = EN ? {
    na: 'n/a', range: 'extreme corners', to: 'to', csv: 'Download the figures behind this chart (CSV, unrounded)',
    gapIn: 'Technician gap in', nation: 'the Netherlands', required: 'Required', available: 'available',
    national: 'national', perYear: 'Gap per year', perYearLabel: 'Technician gap per year, fte, net',
    yearsCaption: 'fte, central (extreme corners)', year: 'year', req: 'required (net)', clim: 'climate demand (net)',
    avail: 'available (supply)', gap: 'gap (net)', byLevel: 'By education level in', level: 'level',
    byLevelLabel: 'Technician gap by education level', byProvince: 'By province in', byProvinceLabel: 'Technician gap by province',
    technicians: 'Technicians per year', noAnswer: 'The calculation did not succeed: the server gave no answer.', dataset: 'Dataset',
    levers: 'levers and', campaigns: 'campaigns on; server time', retry: 'Try again', refused: 'The server did not accept this setting',
    slow: 'The calculation took too long.', server: 'An error on the server.', computing: 'Computing\u2026',
    oddsH: 'Probability of no technician shortage in', thisSetting: 'this setting', withoutPlan: 'same climate measures, no levers or campaigns',
    start: 'starting point (default scenario and policy)', pClosed: 'probability of no shortage', median: 'median gap', interval: '90% interval (P5\u2013P95)',
    oddsCaption: 'Technician gap in fte, net, national; Monte Carlo draws', cost: 'Public cost of the levers and campaigns to', perFte: 'per fte less shortage (central run)',
    noCost: 'no cost (no lever or campaign on)', noClosed: 'does not reduce the shortage in the central run', draws: 'draws', oddsFail: 'The probability could not be computed:',
    central: 'central run', summary: 'Technician gap in', summaryTail: 'in the central run (every parameter central; not a verdict)',
    nationalGap: 'national gap in the central run', digital: '1 million digitally skilled in',
    certainty: { met_throughout: 'on target at both extreme corners', missed_throughout: 'off target at both extreme corners',
      depends_on_assumptions: 'on target at one extreme corner, off target at the other' },
    notes: ['fte = full-time equivalents employed in the year; persons for the digital count.',
      'Required = baseline demand (base-year employment + ROA expansion demand) + the scenario\'s net climate demand; available = supply from the stock-flow model; gap = required - available (positive = shortage).',
      'Extreme corners (low\u2013high): every parameter at its low or high end at once; not a probability interval.']
  } : {
    na: 'n.b.', range: 'uiterste hoeken', to: 'tot', csv: 'Download de cijfers achter deze grafiek (CSV, onafgerond)',
    gapIn: 'Technicustekort in', nation: 'Nederland', required: 'Benodigd', available: 'beschikbaar',
    national: 'landelijk', perYear: 'Tekort per jaar', perYearLabel: 'Technicustekort per jaar, fte, netto',
    yearsCaption: 'fte, centraal (uiterste hoeken)', year: 'jaar', req: 'benodigd (netto)', clim: 'klimaatvraag (netto)',
    avail: 'beschikbaar (aanbod)', gap: 'tekort (netto)', byLevel: 'Naar opleidingsniveau in', level: 'niveau',
    byLevelLabel: 'Technicustekort naar opleidingsniveau', byProvince: 'Per provincie in', byProvinceLabel: 'Technicustekort per provincie',
    technicians: 'Technici per jaar', noAnswer: 'De berekening is niet gelukt: de server gaf geen antwoord.', dataset: 'Dataset',
    levers: 'hefbomen en', campaigns: 'campagnes aan; rekentijd server', retry: 'Opnieuw proberen', refused: 'De server accepteerde deze instelling niet',
    slow: 'De berekening duurde te lang.', server: 'Er ging iets mis op de server.', computing: 'Bezig met rekenen\u2026',
    oddsH: 'Kans dat er geen technicustekort is in', thisSetting: 'deze instelling', withoutPlan: 'dezelfde klimaatmaatregelen, zonder hefbomen en campagnes',
    start: 'startpunt (standaardscenario en -beleid)', pClosed: 'kans op geen tekort', median: 'tekort (mediaan)', interval: '90%-interval (P5\u2013P95)',
    oddsCaption: 'Technicustekort in fte, netto, landelijk; trekkingen van de Monte Carlo-doorrekening', cost: 'Publieke kosten van de hefbomen en campagnes tot', perFte: 'per fte minder tekort (centrale doorrekening)',
    noCost: 'geen kosten (geen hefboom of campagne aan)', noClosed: 'verkleint het tekort niet in de centrale doorrekening', draws: 'trekkingen', oddsFail: 'De kans kon niet worden berekend:',
    central: 'centrale doorrekening', summary: 'Technicustekort in', summaryTail: 'in de centrale doorrekening (elke parameter centraal; geen oordeel)',
    nationalGap: 'landelijk tekort in de centrale doorrekening', digital: '1 miljoen digitaal vaardigen in',
    notes: ['fte = voltijdbanen werkzaam in het jaar; personen voor de digitale telling.',
      'Benodigd = werkgelegenheid in het basisjaar + uitbreidingsvraag (ROA) + netto klimaatvraag van het scenario; beschikbaar = aanbod uit het voorraad-stroommodel; tekort = benodigd \u2212 beschikbaar (positief = tekort).',
      'Uiterste hoeken (laag\u2013hoog): alle parameters tegelijk op hun lage of hoge waarde; geen kansinterval.']
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
  var LEVEL = { mbo2: 'mbo 2', mbo3: 'mbo 3', mbo4: 'mbo 4' };
  var DEFS = parsed(form, 'definitions');
  function tableBox(id, caption, head, rows) {
    var h = '<p class="table-caption" id="' + id + '-cap">' + caption + '</p><div class="table-scroll" role="region" tabindex="0" aria-labelledby="' + id + '-cap"><table class="utrecht-table" id="' + id + '" aria-labelledby="' + id + '-cap"><thead><tr>';
    head.forEach(function (x) { h += '<th scope="col">' + x + '</th>'; });
    return h + '</tr></thead><tbody>' + rows + '</tbody></table></div>';
  }
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
  function render(g, q) {
    var area = g.province ? g.province.name : T.nation;
    var goal = g.years.filter(function (y) { return y.year === g.goal_year; })[0];
    var v = g.technician_verdict;
    var h = '<h3>' + T.gapIn + ' ' + g.goal_year + ' \u2014 ' + esc(area) + ' (' + T.central + ')</h3>';
    if (goal) {
      h += '<p class="big" id="gap-figure" data-central="' + goal.gap.central + '">' + fig(goal.gap) + '</p>';
      h += '<p>' + T.required + ' ' + fig(goal.required) + '; ' + T.available + ' ' + fig(goal.available) + '.</p>';
    }
    if (g.province) { h += '<p>' + T.nationalGap + ': ' + fig(v.gap) + '</p>'; }
    h += '<ul>';
    g.digital_verdicts.forEach(function (d) {
      h += '<li>' + T.digital + ' ' + g.goal_year + ' (' + esc(DEFS[d.definition] || d.definition) + '), ' + T.central + ': ' + fig(d.count) + '</li>';
    });
    h += '</ul>';
    h += '<h3>' + T.perYear + ' (' + esc(area) + ')</h3>' + bars(g.years.map(function (y) { return [String(y.year), y.gap]; }), T.perYearLabel);
    var rows = '';
    g.years.forEach(function (y) { rows += '<tr><th scope="row">' + y.year + '</th>' + cell(y.required) + cell(y.climate) + cell(y.available) + cell(y.gap) + '</tr>'; });
    h += tableBox('x-years', T.technicians + ' (' + esc(area) + '): ' + T.yearsCaption, [T.year, T.req, T.clim, T.avail, T.gap], rows) + csv(q, 'years');
    h += '<h3>' + T.byLevel + ' ' + g.goal_year + ' (' + esc(area) + ')</h3>' + bars(g.by_level.map(function (l) { return [LEVEL[l.level] || l.level, l.gap]; }), T.byLevelLabel);
    rows = '';
    g.by_level.forEach(function (l) { rows += '<tr><th scope="row">' + esc(LEVEL[l.level] || l.level) + '</th>' + cell(l.required) + cell(l.available) + cell(l.gap) + '</tr>'; });
    h += tableBox('x-levels', 'fte in ' + g.goal_year + ', ' + T.yearsCaption.replace(/^fte, /, ''), [T.level, T.req, T.avail, T.gap], rows) + csv(q, 'levels');
    h += '<h3>' + T.byProvince + ' ' + g.goal_year + '</h3>' + bars(g.by_province.map(function (p) { return [p.name, p.gap]; }), T.byProvinceLabel);
    h += csv(q, 'provinces');
    T.notes.forEach(function (n) { h += '<p class="note">' + esc(n) + '</p>'; });
    h += '<details class="analysts"><summary>' + (EN ? 'For analysts' : 'Voor analisten') + '</summary><ul><li>' + T.dataset + ' ' + esc(g.dataset_edition) + '; scenario <code>' + esc(g.scenario) + '</code>; ' + g.levers_on + ' ' + T.levers + ' ' + g.campaigns_on + ' ' + T.campaigns + ' ' + nl(g.compute_ms) + ' ms.</li></ul></details>';
    results.innerHTML = h;
    results.classList.remove('busy');
  }
  function pct(p) {
    return (Math.round(p * 1000) / 10).toLocaleString(LOCALE, { maximumFractionDigits: 1 }) + '%';
  }
  function eur(v) {
    if (Math.abs(v) >= 1e6) { return '\u20ac\u00a0' + (v / 1e6).toLocaleString(LOCALE, { maximumFractionDigits: 1 }) + (EN ? ' million' : ' mln'); }
    return '\u20ac\u00a0' + Math.round(v).toLocaleString(LOCALE);
  }
  function renderOdds(o) {
    var box = byId('odds');
    if (!o.setting) {
      box.innerHTML = '<div class="utrecht-alert utrecht-alert--warning"><p>' + esc((EN ? o.notes_en : o.notes_nl).slice(-1)[0]) + '</p></div>';
      summary.textContent = EN ? o.summary_en : o.summary_nl;
      return;
    }
    var s = o.setting;
    var h = '<h3>' + T.oddsH + ' ' + o.year + '</h3>';
    h += '<p class="big" id="odds-p" data-p="' + s.probability_closed + '" data-p50="' + s.p50 + '" data-coverage="' + esc(o.coverage) + '"><span class="fig">' + pct(s.probability_closed) + '</span> (' +
      esc(EN ? s.likelihood_en : s.likelihood_nl) + '): ' + esc(EN ? s.verdict_en : s.verdict_nl) + '.</p>';
    h += '<p>' + T.median + ' ' + nl(s.p50) + ' fte; ' + T.interval + ' ' + nl(s.p5) + ' ' + T.to + ' ' + nl(s.p95) + ' fte (' + nl(s.draws) + ' ' + T.draws + ').</p>';
    var rows = '';
    [[T.thisSetting, o.setting], [T.withoutPlan, o.without_plan], [T.start, o.start]].forEach(function (r) {
      if (!r[1]) { return; }
      rows += '<tr><th scope="row">' + esc(r[0]) + '</th><td class="n">' + pct(r[1].probability_closed) + '</td><td class="n">' + nl(r[1].p50) + '</td><td class="n">' + nl(r[1].p5) + ' ' + T.to + ' ' + nl(r[1].p95) + '</td></tr>';
    });
    h += tableBox('x-odds', T.oddsCaption + ' (' + o.year + ')', [EN ? 'setting' : 'instelling', T.pClosed, T.median, T.interval], rows);
    var c = o.cost;
    h += '<p id="odds-cost">' + T.cost + ' ' + o.year + ': ' + (c.eur_to_goal_year > 0 ? eur(c.eur_to_goal_year) + '; ' +
      (c.eur_per_fte ? eur(c.eur_per_fte) + ' ' + T.perFte : T.noClosed) : T.noCost) + '.</p>';
    (EN ? o.notes_en : o.notes_nl).forEach(function (n) { h += '<p class="note">' + esc(n) + '</p>'; });
    box.innerHTML = h;
    summary.textContent = EN ? o.summary_en : o.summary_nl;
  }
  function askOdds(q, signal, tries) {
    fetch('/api/odds', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(requestBody(q)),
      signal: signal
    }).then(function (r) {
      return r.json().then(function (j) { return { ok: r.ok, status: r.status, j: j }; },
        function () { return { ok: false, status: r.status, j: null }; });
    }).then(function (x) {
      if (x.ok) {
        renderOdds(x.j);
        // The setting's item bases are being built on the server: ask again
        // (a few times) for the answer from all the draws.
        if (x.j.coverage === 'fewer_draws' && (tries || 0) < 10) {
          setTimeout(function () { if (!signal || !signal.aborted) { askOdds(q, signal, (tries || 0) + 1); } }, 4000);
        }
      } else {
        byId('odds').innerHTML = '<div class="utrecht-alert utrecht-alert--error" role="alert"><p>' + esc(T.oddsFail + ' ' + refused(x.status, x.j)) + '</p></div>';
      }
    }).catch(function (e) {
      if (e.name !== 'AbortError') { byId('odds').innerHTML = '<div class="utrecht-alert utrecht-alert--error" role="alert"><p>' + esc(T.oddsFail + ' ' + T.noAnswer) + '</p></div>'; }
    });
  }
  function fail(msg) {
    results.classList.remove('busy');
    summary.textContent = msg;
    results.innerHTML = '<div class="utrecht-alert utrecht-alert--error" role="alert"><p id="error">' + esc(msg) +
      ' <button type="button" class="utrecht-button utrecht-button--secondary-action retry" id="retry">' + T.retry + '</button></p></div>';
    byId('retry').addEventListener('click', recompute);
  }
  function refused(status, j) {
    if (status === 408) { return T.slow; }
    if (status >= 500) { return T.server; }
    return T.refused + (j && j.field ? ' (' + j.field + ')' : '') + (j && j.error ? ': ' + j.error : '.');
  }
  function recompute() {
    var q = query();
    history.replaceState(null, '', '/verkenner?' + q.toString());
    byId('share').href = location.href;
    var files = new URLSearchParams(q);
    files.delete('lang');
    byId('export-results').href = '/api/export/results.xlsx?' + files.toString();
    files.delete('province');
    byId('export-scenario').href = '/api/export/scenario.toml?' + files.toString();
    byId('export-policy').href = '/api/export/policy.toml?' + files.toString();
    if (inflight) { inflight.abort(); }
    inflight = new AbortController();
    results.classList.add('busy');
    if (!results.firstChild) { summary.textContent = T.computing; }
    askOdds(q, inflight.signal);
    fetch('/api/gap', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(requestBody(q)),
      signal: inflight.signal
    }).then(function (r) {
      return r.json().then(function (j) { return { ok: r.ok, status: r.status, j: j }; },
        function () { return { ok: false, status: r.status, j: null }; });
    }).then(function (x) {
      if (x.ok) { render(x.j, q); } else { fail(refused(x.status, x.j)); }
    }).catch(function (e) {
      if (e.name !== 'AbortError') { fail(T.noAnswer); }
    });
  }
  function later() {
    clearTimeout(timer);
    timer = setTimeout(recompute, 150);
  }

  // Restore from the URL.
  var params = new URLSearchParams(location.search);
  // Only values the page offers (an unknown one is reported at the top of
  // the page by the server, and the server's choice stays).
  var offer = function (sel, v) {
    return Array.prototype.some.call(sel.options, function (o) { return o.value === v; });
  };
  if (params.has('policy') && offer(byId('policy'), params.get('policy'))) { byId('policy').value = params.get('policy'); }
  if (params.has('province') && offer(byId('province'), params.get('province'))) { byId('province').value = params.get('province'); }
  policyDefaults(false);
  sliders.forEach(function (s) {
    if (params.has(s.name) && isFinite(Number(params.get(s.name))) && params.get(s.name) !== '') { s.value = params.get(s.name); }
    show(s);
    s.addEventListener('input', function () { show(s); later(); });
  });
  byId('province').addEventListener('change', recompute);
  byId('policy').addEventListener('change', function () { policyDefaults(true); recompute(); });
  // A new scenario keeps the moved sliders: levers and campaigns apply to
  // every scenario; a climate measure the new scenario lacks is named at
  // the top of the new page, which ignores it.
  byId('scenario').addEventListener('change', function () {
    var q = query();
    q.set('scenario', byId('scenario').value);
    location.href = '/verkenner?' + q.toString();
  });
  byId('reset').addEventListener('click', function () {
    sliders.forEach(function (s) { s.value = s.dataset.default; show(s); });
    recompute();
  });
  recompute();
}());
