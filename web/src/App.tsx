import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createBrowserRouter, Navigate, RouterProvider } from 'react-router';
import { ApiDocsPage } from './features/api/ApiDocsPage';
import { HostPage } from './features/ops/HostPage';
import { MessagePage } from './features/ops/MessagePage';
import { OpsLayout } from './features/ops/OpsLayout';
import { OpsSessionProvider } from './features/ops/OpsSession';
import { RunPage } from './features/ops/RunPage';
import { OrderPage } from './features/orders/OrderPage';
import { ShopApp } from './features/shop/ShopApp';

const queryClient = new QueryClient({
  defaultOptions: { queries: { staleTime: 1000, refetchOnWindowFocus: true } },
});

/** Deep links: a host's failed messages, a group, a message, a retry run, an order; the API descriptions. */
const router = createBrowserRouter([
  { path: '/', element: <ShopApp /> },
  { path: '/orders/:orderId', element: <OrderPage /> },
  // Not /api: that prefix belongs to the hosts behind the gateway and the dev proxy.
  { path: '/api-docs', element: <ApiDocsPage /> },
  {
    path: '/ops',
    element: <OpsLayout />,
    children: [
      { index: true, element: <Navigate to="/ops/payments" replace /> },
      { path: ':service', element: <HostPage /> },
      { path: ':service/groups/:grouping/:groupKey', element: <HostPage /> },
      { path: ':service/messages/:messageId', element: <MessagePage /> },
      { path: ':service/retries/:runId', element: <RunPage /> },
    ],
  },
  { path: '*', element: <Navigate to="/" replace /> },
]);

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <OpsSessionProvider>
        <RouterProvider router={router} />
      </OpsSessionProvider>
    </QueryClientProvider>
  );
}
