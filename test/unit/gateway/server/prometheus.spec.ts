import { expect } from 'chai';
import { formatLabels, formatValue, newMetricsRegistry } from '@gateway/server/prometheus';

describe('prometheus', function () {
  describe('#render', function () {
    it('renders counters, histograms and gauges in the text exposition format', function () {
      const registry = newMetricsRegistry();
      const calls = registry.counter('calls_total', 'Calls by code.');
      const sizes = registry.histogram('size', 'Sizes.', [1, 5]);
      registry.gauge('tip', 'Last number.', () => 42n);
      calls.inc({ code: 'OK' });
      calls.inc({ code: 'OK' }, 2);
      calls.inc({ code: 'NOT_FOUND' });
      sizes.observe(1);
      sizes.observe(3);
      sizes.observe(9);
      expect(registry.render()).to.equal(
        [
          '# HELP calls_total Calls by code.',
          '# TYPE calls_total counter',
          'calls_total{code="NOT_FOUND"} 1',
          'calls_total{code="OK"} 3',
          '# HELP size Sizes.',
          '# TYPE size histogram',
          'size_bucket{le="1"} 1',
          'size_bucket{le="5"} 2',
          'size_bucket{le="+Inf"} 3',
          'size_sum 13',
          'size_count 3',
          '# HELP tip Last number.',
          '# TYPE tip gauge',
          'tip 42',
          '',
        ].join('\n'),
      );
    });

    it('renders a gauge without a value as its header only', function () {
      const registry = newMetricsRegistry();
      registry.gauge('none', 'Nothing yet.', () => undefined);
      expect(registry.render()).to.equal('# HELP none Nothing yet.\n# TYPE none gauge\n');
    });

    it('escapes label values and help text', function () {
      const registry = newMetricsRegistry();
      registry.counter('c', 'a \\ b\nc').inc({ v: 'x"y\\z\n' });
      expect(registry.render()).to.equal('# HELP c a \\\\ b\\nc\n# TYPE c counter\nc{v="x\\"y\\\\z\\n"} 1\n');
    });

    it('refuses a metric registered twice, a bad name and unordered buckets', function () {
      const registry = newMetricsRegistry();
      registry.counter('twice', 'x');
      expect(() => registry.counter('twice', 'x')).to.throw('metric twice is registered twice');
      expect(() => registry.counter('bad-name', 'x')).to.throw(/metric name "bad-name"/);
      expect(() => registry.histogram('h', 'x', [5, 1])).to.throw(/strictly increasing/);
    });

    it('refuses a negative counter increment', function () {
      const counter = newMetricsRegistry().counter('c', 'x');
      expect(() => {
        counter.inc({}, -1);
      }).to.throw('counter c: got increment -1, want ≥ 0');
    });
  });

  describe('#formatValue and #formatLabels', function () {
    it('writes infinities as +Inf and -Inf and sorts label names', function () {
      expect([
        formatValue(Infinity),
        formatValue(-Infinity),
        formatValue(NaN),
        formatValue(2.5),
      ]).to.deep.equal(['+Inf', '-Inf', 'NaN', '2.5']);
      expect(formatLabels({ b: '2', a: '1' })).to.equal('{a="1",b="2"}');
      expect(formatLabels({})).to.equal('');
    });
  });
});
