// Enrolls the application users of the channel's founding orgs (or of the orgs in ENROLL_ORGS, comma
// separated) from their Fabric CAs (run by scripts/network-up.sh and scripts/channel-org.sh).
// The registrar is each CA's admin, signing with its certificate (crypto/<org>/ca-admin/msp): no CA
// password is read here, and every user's secret is random and enrolls once.
import { DEFAULT_USERS, enrollUsers } from '../fabric/caEnrollment';
import { networkLayout, type PeerOrg, orgLayout } from '../fabric/networkLayout';

async function main(): Promise<void> {
  const layout = networkLayout();
  const chosen = process.env.ENROLL_ORGS;
  const orgs: readonly PeerOrg[] =
    chosen === undefined || chosen === '' ? layout.foundingOrgs : chosen.split(',');
  for (const org of orgs) {
    const names = await enrollUsers({ org: orgLayout(layout, org), users: DEFAULT_USERS });
    console.log(JSON.stringify({ msg: 'enrolled users', org, users: names }));
  }
}

main().catch((err: unknown) => {
  console.error(JSON.stringify({ msg: 'enrolling users failed', error: String(err) }));
  process.exitCode = 1;
});
