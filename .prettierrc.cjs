/** @type {import('prettier').Config} */
// As OCA's addons-repo template for Odoo >= 18.
const config = {
    plugins: [require.resolve("@prettier/plugin-xml")],
    bracketSpacing: false,
    printWidth: 88,
    proseWrap: "always",
    semi: true,
    trailingComma: "es5",
    xmlWhitespaceSensitivity: "strict",
};
module.exports = config;
