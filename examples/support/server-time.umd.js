/*
 * A tiny UMD library of the kind mini-programs load as a plain file. Like the 知晓云 SDK file, it
 * expects a global `tt`: it reads the host app when it loads, and works through tt.login and tt.request.
 */
;(function (root, factory) {
  if (typeof module === 'object' && module && module.exports) module.exports = factory()
  else root.ServerTime = factory()
})(this, function () {
  'use strict'
  var appName = tt.getSystemInfoSync().appName

  return {
    appName: appName,

    loginCode: function () {
      return new Promise(function (resolve, reject) {
        tt.login({ success: function (res) { resolve(res.code) }, fail: reject })
      })
    },

    /** The 知晓云 server time of a client (GET /hserve/v2.2/server/time/). */
    now: function (host, clientID) {
      return new Promise(function (resolve, reject) {
        tt.request({
          url: host + '/hserve/v2.2/server/time/',
          header: { 'X-Hydrogen-Client-ID': clientID },
          success: function (res) { resolve(res.data.time) },
          fail: reject,
        })
      })
    },
  }
})
