/**
 * The layout of the Grafana dashboard (`deploy/grafana/its-gateway.json`) as a plain HTML grid: each panel at its
 * `gridPos` (24 columns), with its title, type and queries. Grafana itself cannot run here; this shows what an
 * operator gets after importing the JSON.
 */
export interface Panel {
  readonly title: string
  readonly type: string
  readonly gridPos: { readonly x: number; readonly y: number; readonly w: number; readonly h: number }
  readonly targets?: ReadonlyArray<{ readonly expr: string; readonly legendFormat?: string }>
}

const escapeHtml = (text: string) =>
  text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;")

const column = 56
const row = 34

export const dashboardHtml = (dashboard: { readonly title: string; readonly panels: ReadonlyArray<Panel> }) => {
  const bottom = Math.max(...dashboard.panels.map((p) => p.gridPos.y + p.gridPos.h))
  const panels = dashboard.panels
    .map((p) => {
      const { x, y, w, h } = p.gridPos
      const style = `left:${x * column}px;top:${y * row}px;width:${w * column - 8}px;height:${h * row - 8}px`
      const queries = (p.targets ?? []).map((t) => `<code>${escapeHtml(t.expr)}</code>`).join("")
      return `<section class="panel ${p.type}" style="${style}"><h2>${escapeHtml(p.title)}</h2><small>${escapeHtml(
        p.type
      )}</small>${queries}</section>`
    })
    .join("\n")
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(dashboard.title)}</title><style>
body{margin:0;background:#111217;color:#ccccdc;font:12px system-ui,sans-serif}
header{padding:8px 12px;font-size:16px;color:#fff}
main{position:relative;margin:0 8px;height:${bottom * row}px}
.panel{position:absolute;box-sizing:border-box;background:#181b1f;border:1px solid #2c3235;border-radius:3px;padding:6px;overflow:hidden}
.panel.row{background:none;border:none;border-bottom:1px solid #2c3235;border-radius:0}
.panel h2{margin:0 0 2px;font-size:13px;color:#fff}.panel small{color:#8e8e8e}
.panel code{display:block;margin-top:4px;font-size:10px;color:#6e9fff;white-space:pre-wrap;word-break:break-all}
</style></head><body><header>${escapeHtml(dashboard.title)}</header><main>${panels}</main></body></html>`
}
