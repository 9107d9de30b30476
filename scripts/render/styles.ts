/**
 * The page's stylesheet: system fonts, a readable measure (about 70 characters), long URLs that
 * wrap instead of widening the page, and colours that pass WCAG AA contrast.
 */
export const PAGE_STYLES = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;font-size:1.0625rem;line-height:1.6;color:#1f2328;background:#fff}
.site-header,.site-footer,main{max-width:44rem;margin:0 auto;padding:0 1.25rem}
.site-header{padding-top:1rem;padding-bottom:1rem;border-bottom:1px solid #d0d7de;font-weight:600}
.site-footer{padding-top:1.5rem;padding-bottom:2rem;border-top:1px solid #d0d7de;color:#57606a;font-size:.9375rem}
main{padding-top:1.5rem;padding-bottom:2rem}
h1{font-size:clamp(1.75rem,1.2rem + 2.5vw,2.5rem);line-height:1.2;margin:0 0 .75rem}
h2{font-size:1.375rem;line-height:1.3;margin:2.25rem 0 .75rem}
p,ul,ol{margin:0 0 1rem}
ul,ol{padding-left:1.5rem}
li{margin-bottom:.5rem}
a{color:#0550ae;text-underline-offset:.15em}
a:hover{color:#033d8b}
a:focus-visible{outline:3px solid #0969da;outline-offset:2px}
article a,.site-footer a{overflow-wrap:anywhere;word-break:break-word}
.lead{font-size:1.1875rem;color:#32383f}
.review,.byline{color:#57606a;font-size:.9375rem;margin:0 0 .25rem}
.review-pending{color:#7d4e00;background:#fff8c5;border:1px solid #d4a72c;border-radius:6px;padding:.5rem .75rem}
.article-header{margin-bottom:1.5rem;padding-bottom:1rem;border-bottom:1px solid #d0d7de}
.citation-ref{font-size:.75em;line-height:0;margin-left:.1em}
.citation-ref a{text-decoration:none;padding:0 .05em}
.facts{color:#57606a;font-size:.9375rem}
li .facts{display:block}
.callout{border-left:4px solid #0969da;background:#f6f8fa;border-radius:0 6px 6px 0;padding:.75rem 1rem;margin:0 0 1rem}
.callout p:last-child{margin-bottom:0}
.callout.severity-caution{border-left-color:#bf8700;background:#fff8e5}
.callout.severity-serious{border-left-color:#cf222e;background:#fff1f0}
.callout-label{font-size:.875rem;text-transform:uppercase;letter-spacing:.03em;margin-bottom:.25rem}
.callout-title{font-weight:600;margin-bottom:.25rem}
#works-cited{font-size:.9375rem}
#works-cited li{padding-left:.25rem}
#works-cited li:target{background:#fff8c5}
#disclaimer{color:#57606a;font-size:.9375rem;border-top:1px solid #d0d7de;margin-top:2rem}
#disclaimer h2{font-size:1.0625rem}
hr{border:0;border-top:1px solid #d0d7de;margin:1.5rem 0}
.cards{list-style:none;padding:0}
.cards li{border:1px solid #d0d7de;border-radius:6px;padding:1rem;margin-bottom:1rem}
.cards h2{margin:0 0 .5rem;font-size:1.25rem}
`.trim()
