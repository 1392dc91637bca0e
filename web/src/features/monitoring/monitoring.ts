/** Shapes of GET /api/{orders,payments}/ops/monitoring and how the page merges both hosts. */
export interface MonitoringPoint {
  at: string;
  messages: number | null;
  consumers: number | null;
  sentPerSecond: number;
  receivedPerSecond: number;
  succeededPerSecond: number;
  handledPerSecond: number;
  retriesPerSecond: number;
  failuresPerSecond: number;
  deadLettersPerSecond: number;
  duplicatesPerSecond: number;
  processingP50: number | null;
  processingP95: number | null;
  criticalP50: number | null;
  criticalP95: number | null;
}

export interface EndpointMonitoring {
  queue: string;
  messages: number | null;
  consumers: number | null;
  totals: Record<string, number>;
  series: MonitoringPoint[];
}

export interface MonitoringSnapshot {
  host: string;
  instance: string;
  at: string;
  intervalSeconds: number;
  endpoints: EndpointMonitoring[];
}

/** One queue as the page shows it: who sends into it, who consumes it, and each instance's series. */
export interface QueueView {
  queue: string;
  messages: number | null;
  consumers: number | null;
  /** "orders/abc123 → sends", "payments/def456 → handles". */
  instances: { host: string; instance: string; series: MonitoringPoint[] }[];
}

export const MONITORED_QUEUES: Record<string, string> = {
  'payments.payment-requests': 'Payment requests',
  'orders.payment-results': 'Payment results',
  'orders.order-status': 'Order status fan-out',
};

/** A fanout's per-replica queues (orders.order-status.<replica>) count as the fan-out. */
export function queueGroup(queue: string): string {
  return Object.keys(MONITORED_QUEUES).find((known) => queue === known || queue.startsWith(`${known}.`)) ?? queue;
}

export function mergeSnapshots(snapshots: MonitoringSnapshot[]): QueueView[] {
  const views = new Map<string, QueueView>();
  // Every host that sends into or consumes a queue reads the same broker queue's depth: one reading per queue
  // (the larger, as the chart takes), then a fan-out adds its replica queues.
  const depths = new Map<string, Map<string, number>>();
  for (const snapshot of snapshots) {
    for (const endpoint of snapshot.endpoints) {
      const name = queueGroup(endpoint.queue);
      const view = views.get(name) ?? { queue: name, messages: null, consumers: null, instances: [] };
      if (endpoint.messages !== null) {
        const groupDepths = depths.get(name) ?? new Map<string, number>();
        groupDepths.set(endpoint.queue, Math.max(groupDepths.get(endpoint.queue) ?? 0, endpoint.messages));
        depths.set(name, groupDepths);
        view.messages = [...groupDepths.values()].reduce((sum, depth) => sum + depth, 0);
      }
      if (endpoint.consumers !== null) view.consumers = Math.max(view.consumers ?? 0, endpoint.consumers);
      view.instances.push({ host: snapshot.host, instance: snapshot.instance, series: endpoint.series });
      views.set(name, view);
    }
  }
  return [...views.values()].sort((a, b) => a.queue.localeCompare(b.queue));
}

/** Sums a rate over instances, point by point (aligned on the newest point). */
export function sumSeries(view: QueueView, pick: (point: MonitoringPoint) => number | null): number[] {
  const length = Math.max(0, ...view.instances.map((i) => i.series.length));
  const sums = new Array<number>(length).fill(0);
  for (const { series } of view.instances) {
    const offset = length - series.length;
    series.forEach((point, index) => {
      sums[offset + index]! += pick(point) ?? 0;
    });
  }
  return sums;
}

/** The largest value over instances, point by point (for percentiles, which do not add up). */
export function maxSeries(view: QueueView, pick: (point: MonitoringPoint) => number | null): number[] {
  const length = Math.max(0, ...view.instances.map((i) => i.series.length));
  const values = new Array<number>(length).fill(0);
  for (const { series } of view.instances) {
    const offset = length - series.length;
    series.forEach((point, index) => {
      values[offset + index] = Math.max(values[offset + index]!, pick(point) ?? 0);
    });
  }
  return values;
}
