// Crier desk: live updates (server-sent events), the length counter and countdowns.
// Every piece of markup comes from the server already escaped; this file never builds HTML from data.
(function () {
  'use strict';
  var meta = document.querySelector('meta[name="csrf-token"]');
  var csrf = meta ? meta.getAttribute('content') : '';
  var liveEl = document.getElementById('live-status');

  function setLive(on) {
    if (!liveEl) return;
    liveEl.classList.toggle('live-on', on);
    liveEl.classList.toggle('live-off', !on);
    liveEl.textContent = on ? 'live' : 'reconnecting';
  }

  function fetchHtml(url) {
    return fetch(url, { headers: { accept: 'text/html' }, credentials: 'same-origin' }).then(function (r) {
      if (r.status === 204) return null;
      if (!r.ok) throw new Error('HTTP ' + r.status);
      return r.text();
    });
  }

  function toElement(markup) {
    var t = document.createElement('template');
    t.innerHTML = markup.trim();
    return t.content.firstElementChild;
  }

  function flash(el) {
    el.classList.add('flash');
    setTimeout(function () { el.classList.remove('flash'); }, 2000);
  }

  var rowTimers = {};
  function refreshRow(key) {
    var list = document.querySelector('[data-live-list]');
    if (!list || !key) return;
    clearTimeout(rowTimers[key]);
    rowTimers[key] = setTimeout(function () {
      var q = list.getAttribute('data-filter');
      fetchHtml('/fragments/article/' + encodeURIComponent(key) + (q ? '?' + q : '')).then(function (markup) {
        if (!markup) return;
        var row = toElement(markup);
        var existing = document.getElementById('a-' + key);
        if (existing) existing.replaceWith(row);
        else {
          var empty = document.getElementById('empty-list');
          if (empty) empty.remove();
          list.prepend(row);
        }
        flash(row);
        viewerTimes(row);
        tick();
      }).catch(function () { /* the next event or a reload will catch up */ });
    }, 120);
  }

  var submitting = false;
  document.addEventListener('submit', function () { submitting = true; }, true);

  // In the inbox a post decided elsewhere is greyed out in place (no reload: it would drop the
  // editor's selection and the notice of what they just did).
  function refreshInboxRow(e) {
    var row = document.querySelector('[data-inbox-row][data-post-id="' + CSS.escape(e.postId) + '"]');
    if (!row || !e.state || e.state === 'pending_approval' || e.state === 'edited') return;
    row.classList.add('inbox-decided');
    row.setAttribute('data-decided', e.state);
    var head = row.querySelector('.inbox-head');
    if (head) head.setAttribute('data-decided', e.state.replace('_', ' '));
    var check = row.querySelector('.inbox-check');
    if (check) { check.checked = false; check.disabled = true; }
    row.querySelectorAll('.inbox-actions button').forEach(function (b) { b.disabled = true; });
  }

  function refreshPost(e) {
    refreshInboxRow(e);
    // The article page's own head (the inbox's stories carry data-article-key too).
    var head = document.querySelector('.article-head[data-article-key]');
    if (!head || head.getAttribute('data-article-key') !== e.articleKey) return;
    var status = document.getElementById('status-' + e.channel);
    if (!status) {
      // The card was still "being drafted": nothing typed yet, so a reload is safe.
      location.reload();
      return;
    }
    if (e.state === 'edited') {
      // Someone chose another sentence (#14): the text and count changed. Reload unless this editor
      // is typing in that post's box, so an untouched box never approves the old text over the new.
      var box = document.querySelector('textarea[data-count-channel="' + CSS.escape(e.channel) + '"]');
      if (submitting) return; // this page's own form (the swap itself) is already loading the new page
      if (!box || box.value === box.defaultValue) {
        location.reload();
        return;
      }
    }
    fetchHtml('/fragments/post-status/' + encodeURIComponent(e.postId)).then(function (markup) {
      if (!markup) return;
      var el = toElement(markup);
      status.replaceWith(el);
      var area = document.querySelector('textarea[data-count-channel="' + CSS.escape(e.channel) + '"]');
      var editable = ['pending_approval', 'queued', 'failed'].indexOf(el.getAttribute('data-state')) >= 0;
      if (area && !editable) area.readOnly = true;
      if (area) fitButtons(e.channel);
      flash(el);
      viewerTimes(el);
      tick();
    }).catch(function () {});
  }

  function refreshControls() {
    var here = location.pathname + location.search;
    fetchHtml('/fragments/controls?back=' + encodeURIComponent(here)).then(function (markup) {
      var current = document.getElementById('controls');
      if (markup && current) current.replaceWith(toElement(markup));
    }).catch(function () {});
  }

  // The pending count, live: every pill that shows it and the tab title.
  var pendingTimer;
  function refreshPending() {
    if (!document.querySelector('[data-pending-count]')) return;
    clearTimeout(pendingTimer);
    pendingTimer = setTimeout(function () {
      fetch('/fragments/pending-count', { headers: { accept: 'application/json' }, credentials: 'same-origin' })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (c) {
          if (!c) return;
          document.querySelectorAll('[data-pending-count]').forEach(function (el) {
            el.setAttribute('data-pending-count', String(c.count));
            el.textContent = c.count > 0 ? c.count + ' awaiting approval' : 'nothing awaiting approval';
          });
          document.title = (c.count > 0 ? '(' + c.count + ') ' : '') + document.title.replace(/^\(\d+\) /, '');
        }).catch(function () {});
    }, 200);
  }

  // The approval inbox's keys: j/k move, x selects, a approves, s skips, e edits.
  function inboxKeys() {
    if (!document.querySelector('[data-inbox]')) return;
    var current = -1;
    function rows() { return Array.prototype.slice.call(document.querySelectorAll('[data-inbox-row]')); }
    function focus(i) {
      var all = rows();
      if (all.length === 0) return;
      current = Math.max(0, Math.min(all.length - 1, i));
      all.forEach(function (r, n) { r.classList.toggle('current', n === current); });
      all[current].focus();
      all[current].scrollIntoView({ block: 'nearest' });
    }
    document.addEventListener('keydown', function (ev) {
      var t = ev.target;
      if (ev.ctrlKey || ev.metaKey || ev.altKey || (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT'))) return;
      var row = rows()[current];
      if (ev.key === 'j') focus(current + 1);
      else if (ev.key === 'k') focus(current - 1);
      else if (row && ev.key === 'x') { var c = row.querySelector('.inbox-check'); if (c) c.checked = !c.checked; }
      else if (row && (ev.key === 'a' || ev.key === 's' || ev.key === 'e')) {
        var el = ev.key === 's' ? row.querySelector('[data-testid^="inbox-skip-"]') : row.querySelector('[data-key="' + ev.key + '"]');
        if (el && !el.disabled) el.click();
      } else return;
      ev.preventDefault();
    });
  }
  inboxKeys();

  // "Select all on this page" (a script feature, so it is shown only when the script runs).
  document.querySelectorAll('[data-select-all]').forEach(function (box) {
    var label = box.closest('[data-select-all-label]');
    if (label) label.hidden = false;
    box.addEventListener('change', function () {
      document.querySelectorAll('.inbox-check').forEach(function (c) { c.checked = box.checked; });
    });
  });

  function connect() {
    if (!window.EventSource || !liveEl) return;
    var fromMeta = document.querySelector('meta[name="events-from"]');
    var from = fromMeta ? fromMeta.getAttribute('content') : '';
    var es = new EventSource('/events' + (from ? '?from=' + encodeURIComponent(from) : ''));
    es.onopen = function () { setLive(true); };
    es.onerror = function () { setLive(false); };
    es.onmessage = function (m) {
      var e;
      try { e = JSON.parse(m.data); } catch { return; }
      if (e.type === 'channel') refreshControls();
      if (e.type === 'post' || e.type === 'article') refreshRow(e.articleKey);
      if (e.type === 'post') { refreshPost(e); refreshPending(); }
    };
  }

  // Approve / Save stay disabled while the text on screen is over the network's limit.
  function fitButtons(channel) {
    var out = document.querySelector('output[data-counter-for="' + CSS.escape(channel) + '"]');
    var over = out ? out.classList.contains('counter-over') : false;
    document.querySelectorAll('button[data-needs-fit][form="edit-' + CSS.escape(channel) + '"]').forEach(function (b) {
      b.disabled = over;
      b.title = over ? 'too long for ' + channel + ': shorten the text first' : '';
    });
  }

  // Live length counter: the server counts exactly as the network's formatter does.
  function watchCounter(area) {
    var channel = area.getAttribute('data-count-channel');
    var out = document.querySelector('output[data-counter-for="' + CSS.escape(channel) + '"]');
    var card = area.closest('[data-post-id]');
    var postId = card ? card.getAttribute('data-post-id') : '';
    var timer;
    area.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        fetch('/api/count', {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': csrf },
          body: JSON.stringify({ postId: postId, channel: channel, text: area.value }),
        }).then(function (r) { return r.ok ? r.json() : null; }).then(function (c) {
          if (!c || !out) return;
          out.textContent = c.length + ' / ' + c.limit;
          out.classList.toggle('counter-over', !c.fits);
          area.classList.toggle('over', !c.fits);
          fitButtons(channel);
        }).catch(function () {});
      }, 150);
    });
  }

  function human(ms) {
    var s = Math.max(0, Math.round(ms / 1000));
    if (s >= 3600) return Math.floor(s / 3600) + 'h ' + Math.floor((s % 3600) / 60) + 'm';
    if (s >= 60) return Math.floor(s / 60) + 'm ' + (s % 60) + 's';
    return s + 's';
  }

  function tick() {
    var now = Date.now();
    document.querySelectorAll('[data-countdown]').forEach(function (el) {
      var left = Date.parse(el.getAttribute('data-countdown')) - now;
      var prefix = el.getAttribute('data-prefix') || '';
      el.textContent = left > 0 ? prefix + ' in ' + human(left) : prefix + ' now';
    });
  }

  // Times are rendered in the publication's zone; a viewer elsewhere also sees their own clock.
  var viewerZone = '';
  try { viewerZone = Intl.DateTimeFormat().resolvedOptions().timeZone || ''; } catch { viewerZone = ''; }
  function viewerTimes(root) {
    (root || document).querySelectorAll('time[data-tz]').forEach(function (el) {
      if (!viewerZone || el.getAttribute('data-tz') === viewerZone || el.querySelector('.your-time')) return;
      var d = new Date(el.getAttribute('datetime'));
      if (isNaN(d.getTime())) return;
      var mine = document.createElement('span');
      mine.className = 'your-time';
      mine.textContent = ' (your time ' + new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short' }).format(d) + ')';
      el.appendChild(mine);
    });
  }
  window.crierViewerTimes = viewerTimes;
  viewerTimes(document);

  // Previews (#15): an image the network keeps in its own shape gets that shape within the
  // network's range (Instagram 4:5..1.91:1, data-min/max-aspect); an image that cannot be read says so.
  function shapePreview(img) {
    var frame = img.closest('.pv-frame');
    if (!frame || !img.naturalWidth || !img.naturalHeight) return;
    var min = parseFloat(frame.getAttribute('data-min-aspect'));
    var max = parseFloat(frame.getAttribute('data-max-aspect'));
    if (isNaN(min) || isNaN(max)) return;
    var a = Math.min(max, Math.max(min, img.naturalWidth / img.naturalHeight));
    frame.style.aspectRatio = String(a);
    frame.setAttribute('data-shaped', a.toFixed(3));
  }
  function missingPreview(img) {
    var frame = img.closest('.pv-frame');
    if (frame) frame.classList.add('pv-missing');
  }
  document.addEventListener('load', function (ev) { if (ev.target && ev.target.classList && ev.target.classList.contains('pv-img')) shapePreview(ev.target); }, true);
  document.addEventListener('error', function (ev) { if (ev.target && ev.target.classList && ev.target.classList.contains('pv-img')) missingPreview(ev.target); }, true);
  document.querySelectorAll('img.pv-img').forEach(function (img) {
    if (!img.complete) return;
    if (img.naturalWidth) shapePreview(img);
    else missingPreview(img);
  });

  document.querySelectorAll('textarea[data-count-channel]').forEach(function (area) {
    watchCounter(area);
    fitButtons(area.getAttribute('data-count-channel'));
  });
  tick();
  setInterval(tick, 1000);
  connect();
})();
