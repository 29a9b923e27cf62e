// Converge feedback widget. Paste into any page:
//   <script src="https://<converge>/widget.js" data-product="<slug>" async></script>
// It adds a "Feedback" button that opens the product's portal form (/p/<slug>/embed) in a frame.
// No inline handlers or styles from strings the page could inject: everything is built with DOM calls.
(function () {
	var script = document.currentScript;
	if (!script) return;
	var slug = script.getAttribute('data-product');
	if (!slug || window.__convergeWidget) return;
	window.__convergeWidget = true;
	var origin = new URL(script.src, location.href).origin;
	var label = script.getAttribute('data-label') || 'Feedback';

	function style(el, css) {
		for (var key in css) el.style[key] = css[key];
		return el;
	}

	var button = style(document.createElement('button'), {
		position: 'fixed',
		right: '20px',
		bottom: '20px',
		zIndex: '2147483000',
		padding: '10px 16px',
		border: '0',
		borderRadius: '999px',
		background: '#4f46e5',
		color: '#fff',
		font: '600 14px/1.2 system-ui, sans-serif',
		boxShadow: '0 8px 24px rgba(16,24,40,.25)',
		cursor: 'pointer'
	});
	button.type = 'button';
	button.textContent = label;
	button.setAttribute('aria-haspopup', 'dialog');

	var overlay = null;

	function close() {
		if (!overlay) return;
		overlay.remove();
		overlay = null;
		document.removeEventListener('keydown', onKey);
		button.focus();
	}

	function onKey(event) {
		if (event.key === 'Escape') close();
	}

	function open() {
		if (overlay) return;
		overlay = style(document.createElement('div'), {
			position: 'fixed',
			inset: '0',
			zIndex: '2147483001',
			background: 'rgba(16,24,40,.45)',
			display: 'flex',
			alignItems: 'flex-end',
			justifyContent: 'flex-end',
			padding: '16px'
		});
		overlay.setAttribute('role', 'dialog');
		overlay.setAttribute('aria-modal', 'true');
		overlay.setAttribute('aria-label', label);
		var panel = style(document.createElement('div'), {
			position: 'relative',
			width: 'min(420px, 100%)',
			height: 'min(640px, 100%)',
			background: '#fff',
			borderRadius: '16px',
			overflow: 'hidden',
			boxShadow: '0 12px 32px rgba(16,24,40,.3)'
		});
		var frame = style(document.createElement('iframe'), {
			width: '100%',
			height: '100%',
			border: '0'
		});
		frame.title = label;
		frame.src = origin + '/p/' + encodeURIComponent(slug) + '/embed';
		var closer = style(document.createElement('button'), {
			position: 'absolute',
			top: '8px',
			right: '8px',
			width: '32px',
			height: '32px',
			border: '0',
			borderRadius: '50%',
			background: '#f4f5f9',
			font: '20px/1 system-ui, sans-serif',
			cursor: 'pointer'
		});
		closer.type = 'button';
		closer.textContent = '×';
		closer.setAttribute('aria-label', 'Close');
		closer.addEventListener('click', close);
		overlay.addEventListener('click', function (event) {
			if (event.target === overlay) close();
		});
		document.addEventListener('keydown', onKey);
		panel.appendChild(frame);
		panel.appendChild(closer);
		overlay.appendChild(panel);
		document.body.appendChild(overlay);
		closer.focus();
	}

	button.addEventListener('click', open);
	function mount() {
		document.body.appendChild(button);
	}
	if (document.body) mount();
	else document.addEventListener('DOMContentLoaded', mount);
})();
