import type { HostJourney } from './timeline';

async function get(url: string): Promise<HostJourney> {
  const response = await fetch(url, { headers: { Accept: 'application/json, application/problem+json' } });
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return (await response.json()) as HostJourney;
}

/** Both hosts' journeys of one order (each host journals what happened in it). */
export async function fetchJourney(orderId: string): Promise<HostJourney[]> {
  const id = encodeURIComponent(orderId);
  return Promise.all([get(`/api/orders/${id}/journey`), get(`/api/payments/journey/${id}`)]);
}
