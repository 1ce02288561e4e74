// Samples shared by the statistics tests, with the SciPy call that made them:
//   import numpy as np; rng = np.random.default_rng(7)
//   x = np.round(rng.lognormal(2.0, 0.1, 20), 3).tolist()
//   y = np.round(rng.lognormal(2.05, 0.15, 20), 3).tolist()
//   z = np.round(rng.lognormal(2.0, 0.1, 37), 3).tolist()
// (seconds, rounded to milliseconds as live latencies are; z has ties within itself.)
export const X = [7.39, 7.613, 7.189, 6.759, 7.061, 6.691, 7.434, 8.449, 7.034, 6.945, 7.76, 7.658, 7.467, 6.733, 7.367, 7.921, 6.46, 7.059, 6.11, 6.495];
export const Y = [5.893, 7.499, 6.423, 8.09, 7.953, 7.553, 5.325, 7.165, 7.712, 7.901, 6.175, 7.231, 6.707, 6.88, 9.108, 6.882, 7.73, 8.87, 7.117, 7.639];
export const Z = [7.471, 7.436, 6.537, 7.446, 8.465, 6.33, 8.052, 7.478, 6.93, 9.025, 7.974, 6.554, 7.444, 7.828, 7.251, 7.911, 7.34, 7.899, 8.532, 6.906, 7.541, 7.055, 7.484, 6.562, 6.973, 7.245, 8.084, 8.286, 6.473, 6.825, 7.883, 6.054, 7.055, 7.318, 8.379, 7.916, 7.151];
/** Two bursts of five, the second shifted down ~6%: the sizes of a recorded burst. */
export const S5 = [29.41, 29.87, 30.2, 30.95, 31.1];
export const T5 = [27.9, 28.4, 28.55, 29.0, 29.6];
/** Heavy ties within and between the samples. */
export const TA = [1, 2, 2, 3, 3, 3, 4];
export const TB = [2, 3, 3, 4, 5, 5];
