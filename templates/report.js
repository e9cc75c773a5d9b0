/*
 * report.js - the findings filter of the ccaudit HTML report: regroup the
 * rule cards by CSVS level, role, framework or target, filter them by
 * status and severity, search their text.  Without it the report is a
 * complete plain list.
 *
 * It reads data only from data- attributes and text content and writes
 * only text content and attributes: never innerHTML, never a URL, never
 * anything that parses markup.  The Content-Security-Policy of the report
 * lets this exact text run (by its hash) and nothing else.
 */
(function () {
	'use strict';

	var list = document.getElementById('findings-list');
	var form = document.getElementById('toolbar');
	if (!list || !form) {
		return;
	}

	var SEVERITY = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };
	var ROLE_ORDER = ['development', 'security', 'operations'];
	var ROLE_TITLE = { development: 'Development', security: 'Security', operations: 'Operations' };
	var cards = Array.prototype.slice.call(list.querySelectorAll('article.card'));
	var runTarget = textOf(document.getElementById('run-target'));
	var fwNames = {};
	var fwOrder = [];

	Array.prototype.forEach.call(document.querySelectorAll('#fw-names li'), function (li) {
		var id = li.getAttribute('data-id');
		fwNames[id] = textOf(li);
		fwOrder.push(id);
	});

	function textOf(node) {
		return node ? (node.textContent || '').trim() : '';
	}

	function words(s) {
		return (s || '').split(/\s+/).filter(function (w) { return w !== ''; });
	}

	function unique(a) {
		var seen = {};
		return a.filter(function (x) {
			if (Object.prototype.hasOwnProperty.call(seen, x)) {
				return false;
			}
			seen[x] = true;
			return true;
		});
	}

	/* The groups a card belongs to under a grouping: [{key, title}]. */
	function groupsOf(card, by) {
		var keys;
		if (by === 'role') {
			keys = words(card.getAttribute('data-roles'));
			if (!keys.length) {
				return [{ key: '', title: 'No role' }];
			}
			return keys.map(function (k) { return { key: k, title: ROLE_TITLE[k] || k }; });
		}
		if (by === 'framework') {
			keys = unique(Array.prototype.map.call(
				card.querySelectorAll('li[data-framework]'),
				function (li) { return li.getAttribute('data-framework'); }));
			if (!keys.length) {
				return [{ key: '', title: 'No mapped control' }];
			}
			return keys.map(function (k) { return { key: k, title: fwNames[k] || k }; });
		}
		if (by === 'target') {
			keys = unique(Array.prototype.map.call(card.querySelectorAll('.f-target'), textOf));
			if (!keys.length) {
				keys = [runTarget];
			}
			return keys.map(function (k) { return { key: k, title: k }; });
		}
		var level = card.getAttribute('data-level') || '';
		return [{ key: level, title: level ? 'CSVS level ' + level : 'Not mapped to a CSVS level' }];
	}

	/* Rank of a group key for ordering the groups of a grouping. */
	function rank(by, key) {
		var i;
		if (by === 'level') {
			return key === '' ? 99 : Number(key);
		}
		if (by === 'role') {
			i = ROLE_ORDER.indexOf(key);
			return i < 0 ? 99 : i;
		}
		if (by === 'framework') {
			i = fwOrder.indexOf(key);
			return i < 0 ? 99 : i;
		}
		return 0;
	}

	/* Rebuild the list grouped by `by`; a card in several groups is cloned. */
	function regroup(by) {
		var groups = {};
		var order = [];
		cards.forEach(function (card) {
			groupsOf(card, by).forEach(function (g) {
				if (!Object.prototype.hasOwnProperty.call(groups, g.key)) {
					groups[g.key] = { key: g.key, title: g.title, cards: [] };
					order.push(g.key);
				}
				groups[g.key].cards.push(card);
			});
		});
		order.sort(function (a, b) {
			var d = rank(by, a) - rank(by, b);
			return d !== 0 ? d : (a < b ? -1 : a > b ? 1 : 0);
		});
		while (list.firstChild) {
			list.removeChild(list.firstChild);
		}
		var placed = new Set();
		order.forEach(function (key) {
			var g = groups[key];
			var section = document.createElement('section');
			var h = document.createElement('h3');
			var count = document.createElement('span');
			section.className = 'group';
			h.className = 'group-title';
			count.className = 'group-count';
			h.appendChild(document.createTextNode(g.title + ' '));
			h.appendChild(count);
			section.appendChild(h);
			g.cards.forEach(function (card) {
				var node = card;
				if (placed.has(card)) {
					node = card.cloneNode(true);
					node.removeAttribute('id');
					node.setAttribute('data-clone', 'true');
				} else {
					placed.add(card);
				}
				section.appendChild(node);
			});
			list.appendChild(section);
		});
	}

	/* Show the cards that pass the status, severity and search filters. */
	function filter() {
		var statuses = {};
		Array.prototype.forEach.call(form.querySelectorAll('input[name=status]'), function (box) {
			statuses[box.value] = box.checked;
		});
		var minSev = SEVERITY[form.elements.severity.value] || 0;
		var terms = words(form.elements.q.value.toLowerCase());
		var shown = 0;
		Array.prototype.forEach.call(list.querySelectorAll('section.group'), function (section) {
			var n = 0;
			Array.prototype.forEach.call(section.querySelectorAll('article.card'), function (node) {
				var ok = matches(node, statuses, minSev, terms);
				node.hidden = !ok;
				if (ok) {
					n++;
					if (!node.hasAttribute('data-clone')) {
						shown++;
					}
				}
			});
			section.hidden = n === 0;
			var count = section.querySelector('.group-count');
			if (count) {
				count.textContent = n === 1 ? '1 rule' : n + ' rules';
			}
		});
		var out = document.getElementById('shown');
		if (out) {
			out.textContent = 'Showing ' + shown + ' of ' + cards.length + ' rules';
		}
	}

	function matches(card, statuses, minSev, terms) {
		if (!statuses[card.getAttribute('data-class')]) {
			return false;
		}
		if ((SEVERITY[card.getAttribute('data-severity')] || 0) < minSev) {
			return false;
		}
		if (terms.length) {
			var text = card.textContent.toLowerCase();
			for (var i = 0; i < terms.length; i++) {
				if (text.indexOf(terms[i]) < 0) {
					return false;
				}
			}
		}
		return true;
	}

	function grouping() {
		var checked = form.querySelector('input[name=group]:checked');
		return checked ? checked.value : 'level';
	}

	function setAll(open) {
		Array.prototype.forEach.call(list.querySelectorAll('details'), function (d) {
			d.open = open;
		});
	}

	/* Make the card a fragment link points at visible, and open it. */
	function reveal() {
		var id = decodeURIComponent(location.hash.slice(1));
		var card = id ? document.getElementById(id) : null;
		if (!card || !card.classList.contains('card')) {
			return;
		}
		if (card.hidden) {
			Array.prototype.forEach.call(form.querySelectorAll('input[name=status]'), function (box) {
				box.checked = true;
			});
			form.elements.severity.value = 'info';
			form.elements.q.value = '';
			filter();
		}
		var d = card.querySelector('details');
		if (d) {
			d.open = true;
		}
		card.scrollIntoView();
	}

	var timer = null;
	form.addEventListener('submit', function (e) { e.preventDefault(); });
	form.addEventListener('change', function (e) {
		if (e.target && e.target.name === 'group') {
			regroup(grouping());
		}
		filter();
	});
	form.elements.q.addEventListener('input', function () {
		clearTimeout(timer);
		timer = setTimeout(filter, 120);
	});
	document.getElementById('expand-all').addEventListener('click', function () { setAll(true); });
	document.getElementById('collapse-all').addEventListener('click', function () { setAll(false); });
	window.addEventListener('hashchange', reveal);
	window.addEventListener('beforeprint', function () {
		Array.prototype.forEach.call(document.querySelectorAll('details'), function (d) {
			d.open = true;
		});
	});

	form.hidden = false;
	document.documentElement.classList.add('js');
	filter();
	reveal();
}());
