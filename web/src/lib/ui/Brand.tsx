export function Brand({ size = 'small' }: { size?: 'small' | 'large' }) {
  return (
    <span className={`brand brand--${size}`}>
      <svg className="brand__mark" viewBox="0 0 32 32" aria-hidden="true">
        <rect width="32" height="32" rx="9" fill="var(--primary)" />
        <path
          d="M9 17.5 14 22.5 23.5 10"
          fill="none"
          stroke="#fff"
          strokeWidth="3.2"
          strokeLinecap="round"
          strokeLinejoin="round"
        />
      </svg>
      <span className="brand__text">
        <span className="brand__name">PayOrd</span>
        <span className="brand__tag">Orders &amp; Payments</span>
      </span>
    </span>
  );
}
