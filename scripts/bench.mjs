// `npm run bench`: the benchmark lands with the performance issue.
console.log('no benchmarks yet');
