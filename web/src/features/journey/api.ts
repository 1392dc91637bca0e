import { requestJson } from '../../api/client';
import type { HostJourney } from './timeline';

const get = (url: string) => requestJson<HostJourney>('GET', url);

/** Both hosts' journeys of one order (each host journals what happened in it). */
export async function fetchJourney(orderId: string): Promise<HostJourney[]> {
  const id = encodeURIComponent(orderId);
  return Promise.all([get(`/api/orders/${id}/journey`), get(`/api/payments/journey/${id}`)]);
}
