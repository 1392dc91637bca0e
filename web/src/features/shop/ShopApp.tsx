import { useState } from 'react';
import type { Account } from '../../api/types';
import { Dashboard } from './Dashboard';
import { SignIn } from '../account/SignIn';
import { currentUser, forgetCurrentUser, rememberUser } from '../../lib/session';
import './shop.css';

type Session = { kind: 'signedOut'; userId: string; autoCheck: boolean } | { kind: 'signedIn'; account: Account };

function initialSession(): Session {
  const userId = currentUser();
  return { kind: 'signedOut', userId: userId ?? '', autoCheck: userId !== null };
}

export function ShopApp() {
  const [session, setSession] = useState<Session>(initialSession);

  if (session.kind === 'signedOut') {
    return (
      <SignIn
        initialUserId={session.userId}
        autoCheck={session.autoCheck}
        onSignedIn={(account) => {
          rememberUser(account.userId);
          setSession({ kind: 'signedIn', account });
        }}
      />
    );
  }
  return (
    <Dashboard
      key={session.account.userId}
      account={session.account}
      onSwitchUser={() => {
        forgetCurrentUser();
        setSession({ kind: 'signedOut', userId: '', autoCheck: false });
      }}
    />
  );
}
