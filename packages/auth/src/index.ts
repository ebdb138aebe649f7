export * from "./TokenWire.ts"
