import { defineInitlibTsupConfig } from "../../tsup.shared";

export default defineInitlibTsupConfig({ browserBuild: true });
