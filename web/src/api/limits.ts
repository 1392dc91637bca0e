/**
 * The contract's limits, read at build time from the OpenAPI documents the hosts generate from their validation
 * rules (docs/openapi/*.json, checked in and compared with the running hosts by the contract tests), so the web
 * states none of them itself: a changed rule reaches the page's hints and checks with the next build.
 */
import orders from '../../../docs/openapi/orders.v1.json';
import payments from '../../../docs/openapi/payments.v1.json';

interface StringRule {
  pattern: string;
  minLength: number;
  maxLength: number;
}

const createOrder = orders.components.schemas.CreateOrderRequest.properties;
const depositAmount = payments.components.schemas.DepositRequest.properties.amount;
const idempotencyKeyHeader = payments.paths['/api/payments/accounts/{userId}/deposits'].post.parameters.find(
  (parameter) => parameter.name === 'Idempotency-Key',
);

function stringRule(schema: Partial<StringRule> | undefined, what: string): StringRule & { regex: RegExp } {
  const { pattern, minLength, maxLength } = schema ?? {};
  if (pattern === undefined || minLength === undefined || maxLength === undefined) {
    throw new Error(`The OpenAPI documents no longer state the ${what} rule.`);
  }
  return { pattern, minLength, maxLength, regex: new RegExp(pattern) };
}

/** A user id: its pattern and length, as the hosts check it. */
export const USER_ID = stringRule(createOrder.userId, 'userId');

/** An order's description: at most this many characters. */
export const DESCRIPTION_MAX: number = createOrder.description.maxLength;

/** The largest amount of one order. */
export const ORDER_AMOUNT_MAX: number = createOrder.amount.maximum;

/** The largest single deposit. */
export const DEPOSIT_MAX: number = depositAmount.maximum;

/** An Idempotency-Key header's pattern and length. */
export const IDEMPOTENCY_KEY = stringRule(idempotencyKeyHeader?.schema, 'Idempotency-Key');
