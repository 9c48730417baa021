// Enrolls the application users of Org1 and Org2 from their Fabric CAs (run by scripts/network-up.sh).
// The registrar is each CA's admin, signing with its certificate (crypto/<org>/ca-admin/msp): no CA
// password is read here, and every user's secret is random and enrolls once.
import { DEFAULT_USERS, enrollUsers } from '../fabric/caEnrollment';
import { networkLayout, type PeerOrg } from '../fabric/networkLayout';

async function main(): Promise<void> {
  const layout = networkLayout();
  const orgs: PeerOrg[] = (process.env.ENROLL_ORGS ?? 'org1,org2').split(',') as PeerOrg[];
  for (const org of orgs) {
    const names = await enrollUsers({ org: layout.orgs[org], users: DEFAULT_USERS });
    console.log(JSON.stringify({ msg: 'enrolled users', org, users: names }));
  }
}

main().catch((err: unknown) => {
  console.error(JSON.stringify({ msg: 'enrolling users failed', error: String(err) }));
  process.exitCode = 1;
});
