import { expect } from 'chai';
import { newEventIdFilter } from '@gateway/index/eventIdFilter';

describe('eventIdFilter', function () {
  describe('#mayContain', function () {
    it('answers "perhaps" for every id added, across several growths of the filter', function () {
      const filter = newEventIdFilter();
      const ids = Array.from({ length: 300_000 }, (_, i) => `event-${i}`);
      ids.forEach((id) => {
        filter.add(id);
      });

      expect(ids.filter((id) => !filter.mayContain(id))).to.deep.equal([]);
      expect(filter.size).to.equal(300_000);
    });

    it('rules out nearly every id never added (under 2 % false positives)', function () {
      const filter = newEventIdFilter(100_000);
      for (let i = 0; i < 100_000; i++) filter.add(`bench-run-a-${i}`);

      let perhaps = 0;
      for (let i = 0; i < 100_000; i++) if (filter.mayContain(`bench-run-b-${i}`)) perhaps++;

      expect(perhaps / 100_000).to.be.below(0.02);
    });

    it('rules out every id of an empty filter and tells ids apart by any character', function () {
      const filter = newEventIdFilter();
      expect(filter.mayContain('a')).to.equal(false);
      filter.add('order-1');

      expect(filter.mayContain('order-1')).to.equal(true);
      expect(filter.mayContain('')).to.equal(false);
      expect(
        ['order-2', 'Order-1', 'order-1 ', 'ordér-1'].filter((id) => filter.mayContain(id)),
      ).to.deep.equal([]);
    });
  });
});
