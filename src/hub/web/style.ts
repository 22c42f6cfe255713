/** The whole stylesheet: served from /static/style.css so the CSP can forbid inline styles. */
export const STYLESHEET = `
:root{--fg:#1d1f23;--muted:#5b616e;--line:#d9dce1;--bg:#fff;--accent:#0b5cad;--ok:#17643a;--warn:#8a5a00;--bad:#a4161a}
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,Segoe UI,sans-serif;color:var(--fg);background:var(--bg)}
a{color:var(--accent)}a:focus,button:focus,input:focus,textarea:focus{outline:3px solid #f0b400;outline-offset:2px}
header{border-bottom:1px solid var(--line);padding:.75rem 1rem;display:flex;gap:1rem;align-items:center;flex-wrap:wrap}
header .brand{font-weight:700;text-decoration:none;color:var(--fg)}header form{flex:1;display:flex;gap:.5rem;min-width:16rem}
main{max-width:60rem;margin:0 auto;padding:1rem}footer{color:var(--muted);font-size:.85rem;text-align:center;padding:2rem 1rem}
input[type=search],input[type=password],textarea{flex:1;width:100%;padding:.5rem;border:1px solid #767b85;border-radius:4px;font:inherit}
button{padding:.45rem .9rem;border:1px solid var(--accent);background:var(--accent);color:#fff;border-radius:4px;font:inherit;cursor:pointer}
button.secondary{background:#fff;color:var(--accent)}
.results{list-style:none;padding:0}.results li{border-bottom:1px solid var(--line);padding:.75rem 0}
.meta{color:var(--muted);font-size:.9rem}.badge{display:inline-block;border-radius:3px;padding:0 .4rem;font-size:.8rem;border:1px solid}
.pass{color:var(--ok)}.warn{color:var(--warn)}.block{color:var(--bad)}
.grid{display:grid;grid-template-columns:minmax(0,2fr) minmax(0,1fr);gap:1.5rem}@media (max-width:48rem){.grid{grid-template-columns:1fr}}
pre{background:#f5f6f8;padding:.75rem;overflow:auto;border-radius:4px}code{font-family:ui-monospace,Menlo,monospace;font-size:.9em}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid var(--line);padding:.3rem;text-align:left;font-size:.9rem}
.readme{border:1px solid var(--line);border-radius:6px;padding:0 1rem}.inline{display:inline}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
.notice{background:#fff8e1;border:1px solid #e0c060;padding:.5rem 1rem;border-radius:4px}
`;
