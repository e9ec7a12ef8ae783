// Intentionally empty: Node >= 20 implements every ES2015 feature core-js@2 would polyfill.
