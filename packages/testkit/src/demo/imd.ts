// Synthetic English Indices of Deprivation 2025 values on the national scale.
import { at, normalCdf } from "./prng";

/** Number of LSOAs in England (2021 edition): IoD2025 ranks run 1..33,755. */
export const NATIONAL_LSOAS = 33755;

export const IMD_DOMAINS = [
  "imd",
  "income",
  "employment",
  "education",
  "health",
  "crime",
  "housing_and_services",
  "environment",
] as const;
export type ImdDomain = (typeof IMD_DOMAINS)[number];

/** Official rule: deciles split the national ranks into tenths (1 = most deprived). */
export function decileOfRank(rank: number): number {
  return Math.ceil(rank / (NATIONAL_LSOAS / 10));
}

// Score at national rank, read off the published IoD2025 LSOA file at these ranks (OGL v3), so
// synthetic scores follow the real shape: score falls as rank rises (rank 1 = highest score).
const KNOT_RANKS = [
  1, 34, 100, 338, 675, 1688, 3376, 5063, 6751, 10127, 13502, 16878, 20253,
  23629, 27004, 28692, 30380, 32067, 33080, 33418, 33755,
] as const;
const KNOT_SCORES: Record<ImdDomain, readonly number[]> = {
  imd: [
    94.223, 80.663, 76.733, 68.783, 63.6, 54.267, 44.912, 38.292, 33.514,
    26.605, 21.54, 17.45, 14.14, 11.135, 8.379, 6.954, 5.462, 3.77, 2.55, 1.951,
    0.165,
  ],
  income: [
    0.998, 0.789, 0.742, 0.666, 0.62, 0.544, 0.464, 0.408, 0.362, 0.289, 0.231,
    0.184, 0.149, 0.118, 0.093, 0.08, 0.067, 0.05, 0.036, 0.028, 0.002,
  ],
  employment: [
    0.978, 0.492, 0.447, 0.391, 0.358, 0.306, 0.257, 0.225, 0.199, 0.161, 0.132,
    0.11, 0.092, 0.078, 0.064, 0.058, 0.051, 0.041, 0.032, 0.027, 0.002,
  ],
  education: [
    99.613, 89.035, 82.777, 74.802, 69.036, 59.253, 49.272, 41.676, 35.844,
    27.497, 21.295, 16.545, 12.567, 9.076, 6.071, 4.611, 3.178, 1.694, 0.782,
    0.459, 0.004,
  ],
  health: [
    3.309, 2.747, 2.402, 2.05, 1.834, 1.497, 1.173, 0.947, 0.768, 0.464, 0.202,
    -0.03, -0.261, -0.493, -0.755, -0.914, -1.111, -1.409, -1.759, -1.975, -3.1,
  ],
  crime: [
    3.545, 2.575, 2.235, 1.943, 1.724, 1.388, 1.092, 0.891, 0.722, 0.458, 0.22,
    -0.007, -0.239, -0.479, -0.736, -0.891, -1.078, -1.342, -1.635, -1.824,
    -3.293,
  ],
  housing_and_services: [
    63.502, 57.652, 53.453, 49.674, 46.944, 41.595, 36.244, 32.583, 29.742,
    25.735, 22.744, 20.103, 17.728, 15.407, 12.816, 11.395, 9.759, 7.653, 5.644,
    4.505, 1.49,
  ],
  environment: [
    85.733, 78.596, 74.856, 67.802, 62.631, 53.008, 44.962, 39.658, 35.371,
    28.443, 22.584, 17.849, 13.664, 10.135, 7.08, 5.683, 4.227, 2.632, 1.533,
    0.996, 0.055,
  ],
};

/** Linear interpolation between the knots: monotone, so a lower rank never has a lower score. */
export function scoreOfRank(domain: ImdDomain, rank: number): number {
  const scores = KNOT_SCORES[domain];
  for (let i = 1; i < KNOT_RANKS.length; i++) {
    const r1 = at(KNOT_RANKS, i);
    if (rank <= r1 || i === KNOT_RANKS.length - 1) {
      const r0 = at(KNOT_RANKS, i - 1);
      const t = Math.min(1, Math.max(0, (rank - r0) / (r1 - r0)));
      return at(scores, i - 1) + t * (at(scores, i) - at(scores, i - 1));
    }
  }
  return at(scores, scores.length - 1);
}

/**
 * National ranks for latent deprivation values (standard normal nationally, higher = more
 * deprived), unique within the ICS as real ranks are: a taken rank moves to the nearest free one.
 */
export function ranksOf(latent: readonly number[]): number[] {
  const used = new Set<number>();
  return latent.map((v) => {
    const wanted = Math.min(
      NATIONAL_LSOAS,
      Math.max(1, 1 + Math.floor((1 - normalCdf(v)) * NATIONAL_LSOAS)),
    );
    for (let d = 0; d < NATIONAL_LSOAS; d++) {
      for (const r of [wanted + d, wanted - d]) {
        if (r >= 1 && r <= NATIONAL_LSOAS && !used.has(r)) {
          used.add(r);
          return r;
        }
      }
    }
    throw new RangeError("internal: more LSOAs than national ranks");
  });
}
