import { expect } from 'chai';
import { newAdmissionGate } from '@gateway/security/admissionGate';

describe('admissionGate', function () {
  describe('#tryAcquire', function () {
    it('admits calls up to the limit and refuses the next one', function () {
      const gate = newAdmissionGate(2);
      const a = gate.tryAcquire();
      const b = gate.tryAcquire();

      expect(a).to.be.a('function');
      expect(b).to.be.a('function');
      expect(gate.tryAcquire()).to.equal(undefined);
      expect(gate.inFlight).to.equal(2);
    });

    it('admits again once a call is released', function () {
      const gate = newAdmissionGate(1);
      const release = gate.tryAcquire();
      release?.();

      expect(gate.inFlight).to.equal(0);
      expect(gate.tryAcquire()).to.be.a('function');
    });

    it('counts a release only once when it is called twice', function () {
      const gate = newAdmissionGate(2);
      const release = gate.tryAcquire();
      gate.tryAcquire();
      release?.();
      release?.();

      expect(gate.inFlight).to.equal(1);
    });
  });

  describe('#tryAcquire with weights', function () {
    it('admits weights up to the bound and refuses one that would pass it', function () {
      const gate = newAdmissionGate(100);
      const a = gate.tryAcquire(60);

      expect(gate.tryAcquire(41)).to.equal(undefined);
      expect(gate.tryAcquire(40)).to.be.a('function');
      expect(gate.inFlight).to.equal(100);
      a?.();
      expect(gate.inFlight).to.equal(40);
    });

    it('admits a call heavier than the bound when nothing else is in flight', function () {
      const gate = newAdmissionGate(100);
      const heavy = gate.tryAcquire(150);

      expect(heavy).to.be.a('function');
      expect(gate.tryAcquire(1)).to.equal(undefined);
      heavy?.();
      expect(gate.inFlight).to.equal(0);
    });
  });

  describe('#newAdmissionGate', function () {
    it('refuses a limit that is not a positive integer', function () {
      expect(() => newAdmissionGate(0)).to.throw(
        RangeError,
        'admission limit: got 0, want an integer of at least 1',
      );
      expect(() => newAdmissionGate(1.5)).to.throw(RangeError);
    });
  });
});
