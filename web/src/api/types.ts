/** Shapes of the public API (see shared/CONTRACT.md). */

export type OrderStatus = 'PaymentPending' | 'Paid' | 'PaymentFailed';

export type FailureReason = 'InsufficientFunds' | 'AccountNotFound';

export interface Order {
  orderId: string;
  userId: string;
  amount: number;
  description: string | null;
  status: OrderStatus;
  failureReason: FailureReason | null;
  createdAt: string;
  updatedAt: string;
}

export interface Account {
  userId: string;
  balance: number;
}

export interface NewOrder {
  amount: number;
  description?: string | null;
}
