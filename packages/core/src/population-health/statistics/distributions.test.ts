import { describe, expect, it } from "vitest";
import {
  pbinom,
  pnorm,
  ppois,
  pt,
  qchisq,
  qgamma,
  qnorm,
  qt,
  regularisedBeta,
  regularisedGammaP,
  zForConfidence,
} from "./distributions";

// Known values from SciPy 1.17 (norm, t, chi2, gamma, gammainc, betainc), printed with repr.
const close = (actual: number, expected: number, relative = 1e-12): void => {
  expect(Math.abs(actual - expected) / Math.abs(expected)).toBeLessThanOrEqual(
    relative,
  );
};

describe("the normal distribution", () => {
  it("gives z = 1.959963984540054 for 95% confidence", () => {
    close(qnorm(0.975), 1.959963984540054, 1e-15);
    close(zForConfidence(0.95), 1.959963984540054, 1e-15);
  });

  it("gives z = 3.090232306167813 for 99.8% confidence", () => {
    close(zForConfidence(0.998), 3.090232306167813, 1e-15);
  });

  it("keeps its digits far into the tails", () => {
    close(qnorm(1e-10), -6.361340902404056, 1e-14);
    close(qnorm(0.5 + 1e-9), 2.5066282037387115e-9, 1e-9);
  });

  it("round-trips between the CDF and its inverse", () => {
    for (const p of [1e-8, 0.001, 0.2, 0.5, 0.8, 0.999])
      close(pnorm(qnorm(p)), p, 1e-13);
  });
});

describe("Student's t distribution", () => {
  it("matches the published qt for small and large degrees of freedom", () => {
    close(qt(0.975, 7), 2.364624251592784, 1e-13);
    close(qt(0.975, 1), 12.706204736174694, 1e-13);
    close(qt(0.999, 17), 3.6457673800784094, 1e-12);
    close(qt(0.975, 1000), 1.9623390808264083, 1e-12);
  });

  it("is symmetric and inverts its CDF", () => {
    close(qt(0.025, 9), -qt(0.975, 9), 1e-15);
    close(pt(qt(0.9, 4), 4), 0.9, 1e-13);
  });
});

describe("the gamma and chi-square distributions", () => {
  it("matches the published qchisq", () => {
    close(qchisq(0.025, 2), 0.05063561596857975, 1e-13);
    close(qchisq(0.975, 4), 11.143286781877796, 1e-13);
    close(qchisq(0.999, 200), 267.5405278227572, 1e-12);
  });

  it("matches the published qgamma for small shapes", () => {
    close(qgamma(0.025, 0.5), 0.0004910345585876278, 1e-9);
    close(qgamma(0.001, 1), 0.0010005003335835344, 1e-13);
  });

  it("matches the published pgamma", () => {
    close(regularisedGammaP(3, 2), 0.32332358381693654, 1e-14);
    close(regularisedGammaP(50, 60), 0.9155933189063082, 1e-12);
  });

  it("gives Poisson and binomial tail probabilities", () => {
    close(ppois(3, 2), 0.857123460498547, 1e-13);
    close(pbinom(3, 10, 0.2), 0.8791261183999999, 1e-13);
    close(regularisedBeta(0.3, 2, 5), 0.5798250000000003, 1e-13);
  });
});
