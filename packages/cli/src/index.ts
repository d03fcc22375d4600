export { importGeographyFiles, loadDemo } from "./structure";
