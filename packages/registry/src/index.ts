export { InitlibError, describeValue } from "./initlib-error";
export type { InitlibErrorCode, InitlibErrorDetails } from "./initlib-error";
