/**
 * The status page's pictures, drawn with inline SVG and plain HTML (no chart library): a line
 * chart over a time window with an optional limit line, and a column chart of lobby sizes. Each
 * names itself for screen readers and shows its current value as text.
 */
import type { ComponentChildren, JSX } from "preact";
import { type ChartPoint, type ChartScale, linePath, scaleY } from "../../lib/status_series.ts";
import { formatNumber } from "../../lib/status_format.ts";

/** One line of a chart. */
export interface ChartSeries {
  name: string;
  points: ChartPoint[];
  /** Which of the two line colours. */
  tone: 1 | 2;
}

/** Props of {@link LineChart}. */
export interface LineChartProps {
  /** A short stable name, used in element ids and `data-chart`. */
  metric: string;
  title: string;
  /** The current value, as shown beside the title. */
  value: ComponentChildren;
  /** The whole chart in one sentence, for screen readers. */
  summary: string;
  series: ChartSeries[];
  scale: ChartScale;
  fromMs: number;
  toMs: number;
  maxGapMs: number;
  /** A horizontal line, e.g. the connection limit. */
  limit?: { value: number; name: string };
  formatAxis: (value: number) => string;
  /** A line of small print under the chart. */
  note?: ComponentChildren;
}

// The plot's own coordinates; the SVG stretches to its box, lines keep their width.
const _W = 300;
const _H = 100;

/** A live line chart. */
export function LineChart(props: LineChartProps): JSX.Element {
  const { metric, scale, limit } = props;
  const frame = {
    fromMs: props.fromMs,
    toMs: props.toMs,
    width: _W,
    height: _H,
    scale,
    maxGapMs: props.maxGapMs,
  };
  const limitY = limit === undefined ? null : scaleY(limit.value, scale, _H);
  const showLegend = props.series.length > 1 || limit !== undefined;
  return (
    <figure class="card status-chart" data-chart={metric}>
      <figcaption class="status-chart-head">
        <span class="status-chart-title">{props.title}</span>
        <span class="status-chart-value">{props.value}</span>
      </figcaption>
      <div class="status-plot">
        <svg
          viewBox={`0 0 ${_W} ${_H}`}
          preserveAspectRatio="none"
          role="img"
          aria-label={props.summary}
        >
          <title>{props.summary}</title>
          {[0, _H / 2, _H].map((y) => (
            <line
              class="status-grid"
              x1="0"
              x2={_W}
              y1={y}
              y2={y}
              vector-effect="non-scaling-stroke"
            />
          ))}
          {limitY !== null && (
            <line
              class="status-limit"
              x1="0"
              x2={_W}
              y1={limitY}
              y2={limitY}
              vector-effect="non-scaling-stroke"
            />
          )}
          {props.series.map((s) => (
            <path
              class={`status-line status-line-${s.tone}`}
              d={linePath(s.points, frame)}
              vector-effect="non-scaling-stroke"
            />
          ))}
        </svg>
        <span class="status-axis status-axis-top" aria-hidden="true">
          {props.formatAxis(scale.max)}
        </span>
        <span class="status-axis status-axis-bottom" aria-hidden="true">
          {props.formatAxis(scale.min)}
        </span>
      </div>
      {showLegend && (
        <ul class="status-legend" aria-hidden="true">
          {props.series.map((s) => (
            <li>
              <span class={`status-key status-key-${s.tone}`} />
              {s.name}
            </li>
          ))}
          {limit && (
            <li>
              <span class="status-key status-key-limit" />
              {limit.name}
            </li>
          )}
        </ul>
      )}
      {props.note && <p class="status-note">{props.note}</p>}
    </figure>
  );
}

/** Props of {@link LobbySizes}. */
export interface LobbySizesProps {
  /** Connections per lobby -> how many lobbies have that many (`connections.lobby_sizes`). */
  sizes: Record<string, number>;
  maxPerLobby: number;
}

// Past this many columns the chart shows only the sizes that occur.
const _MAX_COLUMNS = 20;

/** A column chart: how many lobbies have 1, 2, 3 ... connections. */
export function LobbySizes({ sizes, maxPerLobby }: LobbySizesProps): JSX.Element {
  const columns = maxPerLobby <= _MAX_COLUMNS
    ? Array.from({ length: maxPerLobby }, (_, i) => i + 1)
    : Object.keys(sizes).map(Number).filter((n) => n > 0).sort((a, b) => a - b);
  const counts = columns.map((size) => sizes[size] ?? 0);
  const highest = Math.max(1, ...counts);
  const lobbies = counts.reduce((sum, n) => sum + n, 0);
  return (
    <figure class="card status-chart" data-chart="lobby_sizes">
      <figcaption class="status-chart-head">
        <span class="status-chart-title">Lobby sizes</span>
        <span class="status-chart-value">
          {formatNumber(lobbies)} {lobbies === 1 ? "lobby" : "lobbies"}
        </span>
      </figcaption>
      {columns.length === 0
        ? <p class="status-note">No lobby has a connection.</p>
        : (
          <ol class="status-histogram" aria-label="Lobbies by number of connections">
            {columns.map((size, i) => {
              const count = counts[i]!;
              return (
                <li>
                  <span class="visually-hidden">
                    {count} {count === 1 ? "lobby" : "lobbies"} with {size}{" "}
                    {size === 1 ? "connection" : "connections"}
                  </span>
                  <span class="status-bar-track" aria-hidden="true">
                    <span class="status-bar-count">{count > 0 ? count : ""}</span>
                    <span class="status-bar" style={{ height: `${(count / highest) * 100}%` }} />
                  </span>
                  <span class="status-bar-label" aria-hidden="true">{size}</span>
                </li>
              );
            })}
          </ol>
        )}
      <p class="status-note">Connections per lobby (limit {maxPerLobby})</p>
    </figure>
  );
}
