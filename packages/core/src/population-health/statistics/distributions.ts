// Probability distributions written out by hand, because core takes no numerical dependency.
// Every function is pure and accurate to close to double precision in the ranges public-health
// statistics use (counts up to ~1e9, confidence levels up to 99.99%).

const EPSILON = 1e-16;
const TINY = 1e-300;

/** The z value for a two-sided confidence level: Φ⁻¹(1 − (1 − c)/2); 0.95 gives 1.959963984540054. */
export function zForConfidence(confidence: number): number {
  if (!(confidence > 0 && confidence < 1))
    throw new RangeError(
      `confidence must be between 0 and 1, got ${confidence}`,
    );
  return qnorm(1 - (1 - confidence) / 2);
}

/**
 * Inverse of the standard normal CDF. Wichura (1988), Algorithm AS 241 PPND16,
 * Applied Statistics 37(3):477–484; relative accuracy about 1e-16. The published coefficients
 * are written here as the doubles they round to.
 */
export function qnorm(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return Number.NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (
      (q *
        (((((((r * 2509.0809287301227 + 33430.57558358813) * r +
          67265.7709270087) *
          r +
          45921.95393154987) *
          r +
          13731.69376550946) *
          r +
          1971.5909503065513) *
          r +
          133.14166789178438) *
          r +
          3.3871328727963665)) /
      (((((((r * 5226.495278852546 + 28729.085735721943) * r +
        39307.89580009271) *
        r +
        21213.794301586597) *
        r +
        5394.196021424751) *
        r +
        687.1870074920579) *
        r +
        42.31333070160091) *
        r +
        1)
    );
  }
  let r = q < 0 ? p : 1 - p;
  r = Math.sqrt(-Math.log(r));
  let value: number;
  if (r <= 5) {
    r -= 1.6;
    value =
      (((((((r * 0.0007745450142783414 + 0.022723844989269184) * r +
        0.2417807251774506) *
        r +
        1.2704582524523684) *
        r +
        3.6478483247632045) *
        r +
        5.769497221460691) *
        r +
        4.630337846156546) *
        r +
        1.4234371107496835) /
      (((((((r * 1.0507500716444169e-9 + 0.0005475938084995345) * r +
        0.015198666563616457) *
        r +
        0.14810397642748008) *
        r +
        0.6897673349851) *
        r +
        1.6763848301838038) *
        r +
        2.053191626637759) *
        r +
        1);
  } else {
    r -= 5;
    value =
      (((((((r * 2.0103343992922881e-7 + 2.7115555687434876e-5) * r +
        0.0012426609473880784) *
        r +
        0.026532189526576124) *
        r +
        0.29656057182850487) *
        r +
        1.7848265399172913) *
        r +
        5.463784911164114) *
        r +
        6.657904643501103) /
      (((((((r * 2.0442631033899397e-15 + 1.421511758316446e-7) * r +
        1.8463183175100548e-5) *
        r +
        0.0007868691311456133) *
        r +
        0.014875361290850615) *
        r +
        0.1369298809227358) *
        r +
        0.599832206555888) *
        r +
        1);
  }
  return q < 0 ? -value : value;
}

/** Standard normal CDF, Φ(x) = ½·erfc(−x/√2), accurate in both tails. */
export function pnorm(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  return 0.5 * erfc(-x / Math.SQRT2);
}

/** Complementary error function, through the regularised incomplete gamma: erfc(x) = Q(½, x²). */
export function erfc(x: number): number {
  if (x < 0) return 2 - erfc(-x);
  return regularisedGammaQ(0.5, x * x);
}

// Lanczos approximation (g = 7, n = 9), as in Numerical Recipes 3rd ed. §6.1 / Godfrey's
// coefficients: about 15 significant digits for x > 0.
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028,
  771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
] as const;

/** Natural log of the gamma function for x > 0. */
export function logGamma(x: number): number {
  if (x < 0.5) {
    // Reflection formula keeps the Lanczos series in its accurate range.
    return (
      Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x)
    );
  }
  const z = x - 1;
  let sum = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) sum += (LANCZOS[i] ?? 0) / (z + i);
  const t = z + 7.5;
  return (
    0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum)
  );
}

/**
 * Regularised lower incomplete gamma P(a, x): the power series for x < a + 1, otherwise
 * 1 − Q from the Legendre continued fraction evaluated by modified Lentz
 * (Numerical Recipes 3rd ed. §6.2).
 */
export function regularisedGammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  if (x === Infinity) return 1;
  return x < a + 1 ? gammaSeries(a, x) : 1 - gammaContinuedFraction(a, x);
}

/** Regularised upper incomplete gamma Q(a, x) = 1 − P(a, x), computed without cancellation. */
export function regularisedGammaQ(a: number, x: number): number {
  if (x <= 0) return 1;
  if (x === Infinity) return 0;
  return x < a + 1 ? 1 - gammaSeries(a, x) : gammaContinuedFraction(a, x);
}

function gammaSeries(a: number, x: number): number {
  let ap = a;
  let del = 1 / a;
  let sum = del;
  for (let n = 0; n < 100_000; n++) {
    ap += 1;
    del *= x / ap;
    sum += del;
    if (Math.abs(del) < Math.abs(sum) * EPSILON) break;
  }
  return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
}

function gammaContinuedFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 100_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPSILON) break;
  }
  return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
}

/**
 * Quantile of the gamma distribution with shape a and scale 1: the x with P(a, x) = p.
 * Starting value from Wilson–Hilferty (or the small-x power form), then Halley steps on
 * P(a, x) − p, safeguarded by bisection (after Numerical Recipes 3rd ed. §6.2.1 invgammp).
 */
export function qgamma(p: number, a: number): number {
  if (!(a > 0) || Number.isNaN(p) || p < 0 || p > 1) return Number.NaN;
  if (p === 0) return 0;
  if (p === 1) return Infinity;
  const logGammaA = logGamma(a);
  let x: number;
  if (a > 1) {
    const z = qnorm(p);
    const h = 1 / (9 * a);
    x = a * Math.pow(1 - h + z * Math.sqrt(h), 3);
    if (!(x > 0)) x = a * 1e-3;
  } else {
    const t = 1 - a * (0.253 + a * 0.12);
    x = p < t ? Math.pow(p / t, 1 / a) : 1 - Math.log(1 - (p - t) / (1 - t));
  }
  let low = 0;
  let high = Infinity;
  for (let i = 0; i < 200; i++) {
    // Work on whichever tail is smaller so that tiny upper-tail probabilities keep their digits;
    // both forms equal P(a, x) − p and increase with x.
    const err =
      p > 0.5 ? 1 - p - regularisedGammaQ(a, x) : regularisedGammaP(a, x) - p;
    if (err < 0) low = x;
    else high = x;
    const density = Math.exp((a - 1) * Math.log(x) - x - logGammaA);
    let next = Number.NaN;
    if (density > 0) {
      const step = err / density;
      // Halley correction: the gamma density's log-derivative is (a − 1)/x − 1.
      next = x - step / (1 - 0.5 * Math.min(1, step * ((a - 1) / x - 1)));
    }
    if (!(next > low && next < high)) {
      next = high === Infinity ? Math.max(2 * x, 1) : 0.5 * (low + high);
    }
    if (Math.abs(next - x) <= 1e-15 * Math.max(x, 1e-300)) return next;
    x = next;
  }
  return x;
}

/** Quantile of the chi-square distribution with df degrees of freedom. */
export function qchisq(p: number, df: number): number {
  return 2 * qgamma(p, df / 2);
}

/**
 * Regularised incomplete beta I_x(a, b) by the continued fraction of Numerical Recipes
 * 3rd ed. §6.4 (modified Lentz), using the symmetry I_x(a,b) = 1 − I_{1−x}(b,a) for convergence.
 */
export function regularisedBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const logFront =
    logGamma(a + b) -
    logGamma(a) -
    logGamma(b) +
    a * Math.log(x) +
    b * Math.log1p(-x);
  if (x < (a + 1) / (a + b + 2)) {
    return (Math.exp(logFront) * betaContinuedFraction(x, a, b)) / a;
  }
  return 1 - (Math.exp(logFront) * betaContinuedFraction(1 - x, b, a)) / b;
}

function betaContinuedFraction(x: number, a: number, b: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < 100_000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPSILON) break;
  }
  return h;
}

/**
 * Inverse of the regularised incomplete beta: the x with I_x(a, b) = p. Newton steps on
 * I_x(a, b) − p from a bisection-safeguarded bracket [0, 1].
 */
export function inverseRegularisedBeta(
  p: number,
  a: number,
  b: number,
): number {
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  const logBeta = logGamma(a) + logGamma(b) - logGamma(a + b);
  let low = 0;
  let high = 1;
  let x = 0.5;
  // A few bisection steps give Newton a start inside its basin of attraction.
  for (let i = 0; i < 8; i++) {
    if (regularisedBeta(x, a, b) < p) low = x;
    else high = x;
    x = 0.5 * (low + high);
  }
  for (let i = 0; i < 200; i++) {
    const err = regularisedBeta(x, a, b) - p;
    if (err < 0) low = x;
    else high = x;
    const density = Math.exp(
      (a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - logBeta,
    );
    let next = density > 0 ? x - err / density : Number.NaN;
    if (!(next > low && next < high)) next = 0.5 * (low + high);
    if (Math.abs(next - x) <= 1e-16 * Math.max(x, 1e-300)) return next;
    x = next;
  }
  return x;
}

/**
 * Quantile of Student's t distribution with df degrees of freedom, from the inverse
 * incomplete beta: for p > ½, t = √(df(1 − x)/x) where x = I⁻¹_{2(1−p)}(df/2, ½).
 */
export function qt(p: number, df: number): number {
  if (!(df > 0) || Number.isNaN(p) || p < 0 || p > 1) return Number.NaN;
  if (p === 0.5) return 0;
  if (p < 0.5) return -qt(1 - p, df);
  if (p === 1) return Infinity;
  const x = inverseRegularisedBeta(2 * (1 - p), df / 2, 0.5);
  return Math.sqrt((df * (1 - x)) / x);
}

/** CDF of Student's t distribution. */
export function pt(t: number, df: number): number {
  const tail = 0.5 * regularisedBeta(df / (df + t * t), df / 2, 0.5);
  return t > 0 ? 1 - tail : tail;
}

/** CDF of the Poisson distribution: P(X ≤ k) = Q(k + 1, λ). */
export function ppois(k: number, lambda: number): number {
  if (k < 0) return 0;
  return regularisedGammaQ(Math.floor(k) + 1, lambda);
}

/** CDF of the binomial distribution: P(X ≤ k) = I_{1−p}(n − k, k + 1). */
export function pbinom(k: number, n: number, p: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  const kk = Math.floor(k);
  return regularisedBeta(1 - p, n - kk, kk + 1);
}
