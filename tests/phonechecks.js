// Measures for tests/test_browser_phone.py, run in the page: what a reader's thumb meets.
window.PhoneChecks = {
  visible (el) {
    const r = el.getBoundingClientRect()
    if (r.width === 0 || r.height === 0) return false
    if (r.right <= 0 || r.left >= innerWidth) return false // off-canvas (the closed drawer)
    for (let e = el; e; e = e.parentElement) {
      const s = getComputedStyle(e)
      if (s.visibility === 'hidden' || s.display === 'none' || s.opacity === '0') return false
    }
    return true
  },
  // A link inside running text (WCAG 2.5.8's inline exception): its block says more than it.
  inline (a) {
    const block = a.parentElement && a.parentElement.closest('p, li, td, th, dd, dt, figcaption, h1, h2, h3, h4, h5, h6')
    if (!block || block.querySelector('a') !== a && block.closest('.grid.cards')) return false
    return block.textContent.replace(/\s+/g, ' ').trim().length > a.textContent.replace(/\s+/g, ' ').trim().length + 2
  },
  small (min) {
    const sel = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button], label.md-header__button'
    const out = []
    for (const el of document.querySelectorAll(sel)) {
      let target = el
      const card = el.tagName === 'A' && el.closest('.grid.cards > ul > li')
      if (card) target = card // the card is the link's target (site.css: a::after covers it)
      if (el.tagName === 'INPUT' && (el.type === 'radio' || el.type === 'checkbox')) target = el.closest('label') || el
      if (!this.visible(target)) continue
      if (el.tagName === 'A' && this.inline(el)) continue
      const r = target.getBoundingClientRect()
      if (r.width + 0.5 < min || r.height + 0.5 < min) {
        out.push(`${el.tagName.toLowerCase()}${el.className ? '.' + String(el.className).trim().split(/\s+/).join('.') : ''} "${(el.textContent || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 30)}" ${Math.round(r.width)}×${Math.round(r.height)}`)
      }
    }
    return out
  },
  overflow () {
    const doc = document.documentElement
    const wide = []
    if (doc.scrollWidth > doc.clientWidth) {
      for (const el of document.body.querySelectorAll('*')) {
        const r = el.getBoundingClientRect()
        if (r.right > doc.clientWidth + 1 && this.visible(el) && !el.closest('pre, .md-typeset__scrollwrap, .tree-diagram')) {
          wide.push(`${el.tagName.toLowerCase()}.${String(el.className).trim().split(/\s+/).join('.')} right=${Math.round(r.right)}`)
        }
      }
    }
    return { scroll: doc.scrollWidth - doc.clientWidth, wide: wide.slice(0, 5) }
  }
}
