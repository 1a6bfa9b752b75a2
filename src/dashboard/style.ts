// CJK fonts follow the Latin ones, so Chinese values (爱丽丝, 抖音) get a Simplified Chinese face wherever
// the system has one, and Latin text keeps its usual face.
const SANS =
  '-apple-system, "Segoe UI", "Helvetica Neue", Arial, "Noto Sans", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif';
const MONO = 'ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", "Noto Sans Mono CJK SC", monospace';

export const STYLE = `
:root { --line: #d0d7de; --muted: #59636e; --bg: #f6f8fa; --accent: #0b5cad; --bad: #b42318; --good: #1a7f37; --warn: #9a6700; }
* { box-sizing: border-box; }
body { margin: 0; font: 13px/1.45 ${SANS}; color: #1f2328; background: var(--bg); }
code, pre, .id { font-family: ${MONO}; font-size: 12px; }
h1 { font-size: 16px; margin: 0; white-space: nowrap; }
h2 { font-size: 14px; margin: 0 0 8px; display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
h3 { font-size: 13px; margin: 12px 0 4px; }
.muted, .count { color: var(--muted); font-weight: normal; }
.count { font-size: 12px; }
.top { position: sticky; top: 0; z-index: 2; display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center;
  padding: 8px 16px; background: #fff; border-bottom: 1px solid var(--line); }
.top .spacer { flex: 1; }
.clock time { font-family: ${MONO}; }
main { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 12px; padding: 12px 16px; align-items: start; }
@media (max-width: 1100px) { main { grid-template-columns: minmax(0, 1fr); } }
.col { display: flex; flex-direction: column; gap: 12px; min-width: 0; }
.panel { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; min-width: 0; }
.panel[hidden] { display: none; }
.scroll { overflow: auto; max-height: 340px; }
.scroll.short { max-height: 200px; }
.scroll.tall { max-height: 420px; }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; vertical-align: top; padding: 3px 6px; border-bottom: 1px solid #eaeef2; }
th { position: sticky; top: 0; background: #fff; font-weight: 600; white-space: nowrap; }
tr.empty td { color: var(--muted); font-style: italic; }
tr.selected td, tr.highlight td { background: #ddf4ff; }
tr.fired td { background: #fff8c5; }
tr.spent td { color: var(--muted); }
td.wrap { white-space: pre-wrap; word-break: break-word; }
table.people td { min-width: 8em; }
.id { display: block; color: var(--muted); word-break: break-all; }
.login { font-size: 12px; color: var(--muted); }
.login::before { content: "○ "; }
.login.on { color: var(--good); }
.login.on::before { content: "● "; }
.status { display: inline-block; padding: 0 6px; border-radius: 8px; font-weight: 600; }
.status.good { color: var(--good); background: #dafbe1; }
.status.bad { color: var(--bad); background: #ffebe9; }
.fault { display: block; color: var(--warn); font-weight: 600; }
.session-live { color: var(--good); }
.session-expired, .session-ended { color: var(--muted); }
button { font: inherit; padding: 3px 10px; border: 1px solid var(--line); border-radius: 5px; background: #f6f8fa; cursor: pointer; }
button:hover { background: #eef1f4; }
button:disabled { opacity: .6; cursor: progress; }
button.small { padding: 1px 8px; font-size: 12px; }
button.danger { color: var(--bad); border-color: #f1aeb5; }
button.link { border: 0; background: none; padding: 0; color: var(--accent); text-decoration: underline; font-family: ${MONO}; font-size: 12px; }
button[type=submit] { background: var(--accent); color: #fff; border-color: var(--accent); }
.switches { display: flex; flex-wrap: wrap; gap: 6px; margin-bottom: 8px; }
.switch[aria-pressed=true] { background: #ffebe9; border-color: var(--bad); color: var(--bad); font-weight: 600; }
.switch[aria-pressed=true]::before { content: "ON · "; }
input, select { font: inherit; padding: 2px 4px; border: 1px solid var(--line); border-radius: 4px; max-width: 100%; }
input[type=number] { width: 7em; }
.inline-form { display: flex; flex-wrap: wrap; gap: 6px 10px; align-items: center; margin: 0; }
.grid-form { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 6px 10px; align-items: end; }
.grid-form label { display: flex; flex-direction: column; font-size: 12px; color: var(--muted); }
.error { color: var(--bad); margin: 4px 0; min-height: 1em; }
.notice { margin: 8px 16px 0; padding: 6px 10px; border-radius: 5px; background: #ddf4ff; border: 1px solid #54aeff; }
.notice.bad { background: #ffebe9; border-color: var(--bad); }
.live { font-size: 11px; color: var(--good); font-weight: normal; }
.live::before { content: "● "; }
.live.paused { color: var(--muted); }
.live.down { color: var(--bad); }
pre { margin: 4px 0; padding: 6px 8px; background: var(--bg); border-radius: 4px; overflow: auto; max-height: 260px; white-space: pre-wrap; word-break: break-word; }
.steps { margin: 6px 0; padding-left: 22px; }
.steps li { margin-bottom: 4px; }
.steps summary { cursor: pointer; }
.steps pre { max-height: 150px; margin: 0; }
.exchange { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 6px; margin-top: 2px; }
.exchange span { font-size: 11px; color: var(--muted); }
.result { padding: 6px 10px; border-left: 4px solid var(--good); background: #dafbe1; }
.result.bad { border-color: var(--bad); background: #ffebe9; }
.narrow { max-width: 640px; margin: 60px auto; display: block; padding: 0 16px; }
`;
